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
    /// <remarks>
    /// With a <paramref name="minimumAge"/> above zero, the whole folder is swept (any stale temp file in it is as dead
    /// as one of this target's) and at most once per <see cref="SweepInterval"/> per process: listing the folder for
    /// every file written made a pull of n files into one folder read n² directory entries (5,000 files: 4.5 s of
    /// system time). A temp file that turns stale between two sweeps waits for the next; it is never at a target path.
    /// A zero age (the caller holds the target's exclusive lock) still lists this target's temp files every time.
    /// </remarks>
    public static void CleanStaleTemps(string target, TimeSpan minimumAge)
    {
        var dir = Path.GetDirectoryName(target);
        if (minimumAge > TimeSpan.Zero)
        {
            if (dir is not null)
            {
                SweepFolder(dir, minimumAge);
            }

            return;
        }

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

    /// <summary>How often one process sweeps one folder for stale temp files.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    // Folder -> when this process last swept it (Stopwatch timestamp). Cleared when large, so a long-lived process
    // (a build node, an app with the runtime resolver) does not keep one entry per folder it ever wrote to.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastSweep = new(StringComparer.Ordinal);

    private static void SweepFolder(string dir, TimeSpan minimumAge)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (LastSweep.TryGetValue(dir, out var last) && System.Diagnostics.Stopwatch.GetElapsedTime(last, now) < SweepInterval)
        {
            return;
        }

        if (LastSweep.Count > 10_000)
        {
            LastSweep.Clear();
        }

        LastSweep[dir] = now;
        var cutoff = DateTime.UtcNow - minimumAge;
        try
        {
            foreach (var temp in Directory.EnumerateFiles(dir, "*" + TempSuffix))
            {
                if (IsTempName(Path.GetFileName(temp.AsSpan())) && IsIdleSince(temp, cutoff))
                {
                    TryDelete(temp);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy (a missing folder included); a leftover temp file is never at a target path.
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
    public static unsafe void WriteAllBytes(string target, ReadOnlySpan<byte> bytes)
    {
        // A span cannot enter the delegate; the bytes stay pinned (and unchanged) until Write returns.
        fixed (byte* p = bytes)
        {
            var start = (IntPtr)p;
            var length = bytes.Length;
            Write(target, stream => stream.Write(new ReadOnlySpan<byte>((void*)start, length)));
        }
    }

    /// <summary>
    /// Like <see cref="WriteAllBytes"/> for content that <paramref name="write"/> writes to the temp file's stream as it
    /// goes (a large manifest spliced from pieces need not exist whole in memory first).
    /// </summary>
    public static void Write(string target, Action<Stream> write)
    {
        var temp = TempPathFor(target);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                write(fs);
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
