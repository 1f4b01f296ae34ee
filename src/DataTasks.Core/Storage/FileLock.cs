using System.Diagnostics;

namespace DataTasks.Core.Storage;

/// <summary>
/// An inter-process lock held through an exclusive open of a lock file. The operating system releases it when the
/// holder exits for any reason, kill -9 included, so a dead holder never wedges the next run (no stale-lock
/// heuristics). Locks only avoid duplicate work and lost manifest updates; every write stays correct without them
/// because it is a verified temp file renamed into place.
/// </summary>
public sealed class FileLock : IDisposable
{
    /// <summary>How long a wait on a live holder lasts before the one "waiting for a lock" notice.</summary>
    private static readonly TimeSpan NoticeAfter = TimeSpan.FromSeconds(1);

    private readonly FileStream stream;

    private FileLock(FileStream stream, string path)
    {
        this.stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Tries once to take the lock; returns null when another process or thread holds it. Throws
    /// <see cref="DataTasksException"/> (DT0401) when the lock file cannot be created or opened at all (a read-only or
    /// foreign-owned folder, a path through a regular file or a device, a loop of symbolic links): waiting would never
    /// end.
    /// </summary>
    public static FileLock? TryAcquire(string path)
    {
        FileStream fs;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (IsHeldByAnother(ex))
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var folder = System.IO.Path.GetDirectoryName(path)!;
            throw new DataTasksException(ErrorCodes.IoError,
                $"cannot create the lock file {path}: {Reason(folder, ex)}; make sure {folder} is a folder you can write to", ex);
        }

        try
        {
            fs.SetLength(0);
            fs.Write(LockHolder.Current.ToRecord());
            fs.Flush();
        }
        catch (IOException)
        {
            // The holder record is only information for people (and for the waiting notice).
        }

        return new FileLock(fs, path);
    }

    /// <summary>
    /// Waits until the lock is free, polling with a short back-off, then takes it. After a second of waiting it reports
    /// once, through <see cref="RunningNotices"/>, who holds the lock. Throws DT0401 when the lock cannot be created.
    /// </summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var delay = 10;
        var started = Stopwatch.GetTimestamp();
        var noticed = false;
        while (true)
        {
            var held = TryAcquire(path);
            if (held is not null)
            {
                return held;
            }

            if (!noticed && Stopwatch.GetElapsedTime(started) >= NoticeAfter)
            {
                noticed = true;
                var holder = LockHolder.TryRead(path);
                var who = holder is null ? "another process" : $"pid {holder.ProcessId} on host {holder.Host}";
                RunningNotices.Report(new DataTasksException(ErrorCodes.WaitingForLock, $"waiting for a lock held by {who} ({path})"));
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 250);
        }
    }

    /// <summary>Releases the lock. The lock file stays: deleting it would let two holders race on different inodes.</summary>
    public void Dispose() => stream.Dispose();

    /// <summary>Says which part of the path is not a folder when that is the cause; .NET only says a part is missing.</summary>
    private static string Reason(string folder, Exception ex)
    {
        for (var p = folder; !string.IsNullOrEmpty(p); p = System.IO.Path.GetDirectoryName(p))
        {
            if (Directory.Exists(p))
            {
                break;
            }

            if (new FileInfo(p).LinkTarget is not null)
            {
                return $"{p} is a symbolic link that leads to no folder (a loop, or a missing target)";
            }

            if (File.Exists(p))
            {
                return $"{p} is not a folder";
            }
        }

        return ex.Message.TrimEnd('.');
    }

    /// <summary>
    /// True when the open failed only because someone holds the lock. .NET reports a refused flock(2) as an
    /// IOException whose HResult is the raw EWOULDBLOCK, and a Windows sharing or lock violation with its Win32 code;
    /// anything else means the lock file cannot be had at all.
    /// </summary>
    private static bool IsHeldByAnother(IOException ex)
    {
        if (OperatingSystem.IsWindows())
        {
            return (ex.HResult & 0xFFFF) is ErrorSharingViolation or ErrorLockViolation;
        }

        return ex.HResult == (OperatingSystem.IsLinux() ? LinuxEWouldBlock : BsdEWouldBlock);
    }

    private const int ErrorSharingViolation = 32;
    private const int ErrorLockViolation = 33;
    private const int LinuxEWouldBlock = 11;
    private const int BsdEWouldBlock = 35;
}
