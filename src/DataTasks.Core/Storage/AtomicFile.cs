namespace DataTasks.Core.Storage;

/// <summary>
/// Writes that never leave a half-written file at a target path: content goes to a uniquely named temp file in the
/// target's folder (same file system, so the rename is atomic), then is renamed into place.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of every temp file DataTasks creates; tree walks skip such files.</summary>
    public const string TempSuffix = ".dtpart";

    /// <summary>A fresh temp path next to <paramref name="target"/>.</summary>
    public static string TempPathFor(string target)
    {
        var dir = Path.GetDirectoryName(target) ?? ".";
        var name = Path.GetFileName(target);
        if (name.Length > 120)
        {
            name = name[..120];
        }

        // 48 random bits only keep concurrent writers apart (every temp file is created exclusively, O_EXCL or link(2)).
        // Random.Shared, seeded by the OS per process: RandomNumberGenerator would load OpenSSL (milliseconds) in a
        // warm linked pull that needs no other cryptography.
        var suffix = (Random.Shared.NextInt64() & 0xFFFF_FFFF_FFFF).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        return Path.Join(dir, "." + name + "." + suffix + TempSuffix);
    }

    /// <summary>True when <paramref name="fileName"/> is one of DataTasks' temp files.</summary>
    public static bool IsTempName(ReadOnlySpan<char> fileName) =>
        fileName.EndsWith(TempSuffix, StringComparison.Ordinal) && fileName.Length > 0 && fileName[0] == '.';

    /// <summary>
    /// Deletes temp files left next to <paramref name="target"/> by a writer that was killed. Only files idle for longer
    /// than <paramref name="minimumAge"/> go: a live writer keeps its temp file fresh and renames it as soon as it stops
    /// writing, so an idle one is dead. Idle means neither the mtime nor the ctime moved: a copy that carries its
    /// source's old mtime (File.Copy does) still has a fresh ctime, which no one can set back.
    /// </summary>
    public static void CleanStaleTemps(string target, TimeSpan minimumAge)
    {
        var dir = Path.GetDirectoryName(target);
        if (dir is null || !Directory.Exists(dir))
        {
            return;
        }

        var name = Path.GetFileName(target);
        if (name.Length > 120)
        {
            name = name[..120];
        }

        var cutoff = DateTime.UtcNow - minimumAge;
        try
        {
            foreach (var temp in Directory.EnumerateFiles(dir, "." + name + ".*" + TempSuffix))
            {
                if (IsIdleSince(temp, cutoff))
                {
                    TryDelete(temp);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy; a leftover temp file is never at a target path.
        }
    }

    /// <summary>True when the file at <paramref name="path"/> was neither written nor changed since <paramref name="cutoff"/>.</summary>
    public static bool IsIdleSince(string path, DateTime cutoff)
    {
        if (FileStat.TryGet(path) is not { } stat)
        {
            return false;
        }

        var cutoffNs = (cutoff.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;
        return Math.Max(stat.MTimeNs, stat.CTimeNs) < cutoffNs;
    }

    /// <summary>Atomically replaces <paramref name="target"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string target, ReadOnlySpan<byte> bytes)
    {
        var temp = TempPathFor(target);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new DataTasksException(ErrorCodes.IoError, $"cannot write {target}: {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a file, ignoring a missing file or a failure (used to clean up temp files).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp file we cannot delete is harmless: it never sits at a target path, and walks skip it.
        }
    }
}
