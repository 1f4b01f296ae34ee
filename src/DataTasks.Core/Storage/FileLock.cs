namespace DataTasks.Core.Storage;

/// <summary>
/// An inter-process lock held through an exclusive open of a lock file. The operating system releases it when the
/// holder exits for any reason, kill -9 included, so a dead holder never wedges the next run (no stale-lock
/// heuristics). Locks only avoid duplicate work and lost manifest updates; every write stays correct without them
/// because it is a verified temp file renamed into place.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream, string path)
    {
        this.stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Tries once to take the lock; returns null when another process or thread holds it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            try
            {
                fs.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
                fs.Write(pid);
                fs.Flush();
            }
            catch (IOException)
            {
                // The pid is only a hint for people looking at the file.
            }

            return new FileLock(fs, path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Waits until the lock is free, polling with a short back-off, then takes it.</summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var delay = 10;
        while (true)
        {
            var held = TryAcquire(path);
            if (held is not null)
            {
                return held;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 250);
        }
    }

    /// <summary>Releases the lock. The lock file stays: deleting it would let two holders race on different inodes.</summary>
    public void Dispose() => stream.Dispose();
}
