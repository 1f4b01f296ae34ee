using System.Diagnostics;

namespace DataTasks.Core.Storage;

/// <summary>
/// An inter-process lock: an exclusive open of a lock file (flock(2) on Unix, a share mode on Windows) plus a holder
/// record inside it (pid, host, start time, heartbeat; see <see cref="LockHolder"/>). The OS lock dies with its
/// holder, kill -9 included, and decides between processes of one host. A network file system may not pass it on
/// between hosts, so the record is the fallback: a waiter that gets the OS lock but finds a record judges it
/// (<see cref="LockVerdict"/>) and waits for a live holder or takes a stale one over. The holder refreshes its heartbeat
/// every <see cref="LockTimings.HeartbeatInterval"/> and empties the record when it lets go. Locks only avoid
/// duplicate work and lost manifest updates; every write stays correct without them because it is a verified temp
/// file renamed into place.
/// </summary>
public sealed class FileLock : IDisposable
{
    /// <summary>How long a wait on a live holder lasts before the one "waiting for a lock" notice.</summary>
    private static readonly TimeSpan NoticeAfter = TimeSpan.FromSeconds(1);

    private readonly FileStream stream;
    private readonly LockHolder holder;
    private readonly Timer heartbeat;
    private readonly object gate = new();
    private bool released;

    private FileLock(FileStream stream, string path, LockHolder holder, bool mayBeShared, TimeSpan interval)
    {
        this.stream = stream;
        this.holder = holder;
        Path = path;
        MayBeShared = mayBeShared;
        heartbeat = new Timer(_ => Beat(), null, interval, interval);
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// True when another process may still be working under this lock: it was taken over from another host on the
    /// strength of an old heartbeat or an unreadable record, or the test hook made locks non-exclusive. Work that would
    /// destroy another holder's files (sweeping fresh temp files) must not rely on the lock then.
    /// </summary>
    public bool MayBeShared { get; }

    /// <summary>
    /// Tries once to take the lock; returns null when another process or thread holds it, or when the OS lock is free
    /// but the record names a holder that is still alive. Takes over a stale lock (reporting DT1020 through
    /// <see cref="RunningNotices"/>). Throws <see cref="DataTasksException"/> (DT0401) when the lock file cannot be
    /// created or opened at all (a read-only or foreign-owned folder, a path through a regular file or a device, a loop
    /// of symbolic links): waiting would never end.
    /// </summary>
    public static FileLock? TryAcquire(string path) => TryAcquire(path, LockTimings.HeartbeatInterval);

    /// <summary><see cref="TryAcquire(string)"/> with a chosen heartbeat interval (tests).</summary>
    internal static FileLock? TryAcquire(string path, TimeSpan heartbeatInterval)
    {
        var notExclusive = LockTimings.NotExclusive;
        FileStream fs;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, notExclusive ? FileShare.ReadWrite : FileShare.None, 1, FileOptions.None);
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

        var now = DateTimeOffset.UtcNow;
        var mayBeShared = notExclusive;
        if (!notExclusive)
        {
            var (read, found) = ReadRecord(fs);
            var (state, reason) = LockVerdict.Judge(read, found, now, LockTimings.StaleAge);
            if (state == LockState.Live)
            {
                fs.Dispose();
                return null;
            }

            if (state == LockState.Stale)
            {
                mayBeShared = found is null || !string.Equals(found.Host, LockHolder.CurrentHost, StringComparison.OrdinalIgnoreCase);
                var who = found is null ? "a lock" : $"a stale lock held by pid {found.ProcessId} on host {found.Host}";
                RunningNotices.Report(new DataTasksException(ErrorCodes.StaleLockTakenOver, $"took over {who} ({reason}) ({path})"));
            }
        }

        var mine = LockHolder.ForThisProcess(now);
        try
        {
            var record = mine.ToRecord();
            RandomAccess.Write(fs.SafeFileHandle, record, 0);
            if (fs.Length > record.Length)
            {
                fs.SetLength(record.Length);
            }
        }
        catch (IOException)
        {
            // The record only matters where the OS lock does not reach; the OS lock is held either way.
        }

        return new FileLock(fs, path, mine, mayBeShared, heartbeatInterval);
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

    /// <summary>
    /// Releases the lock: stops the heartbeat and empties the record, so the next taker finds it free. The lock file
    /// stays: deleting it would let two holders race on different inodes.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (released)
            {
                return;
            }

            released = true;
            heartbeat.Dispose();
            try
            {
                if (!LockTimings.NotExclusive)
                {
                    stream.SetLength(0);
                }
            }
            catch (IOException)
            {
                // A record left behind names this process, which is about to let go of the OS lock: judged stale.
            }

            stream.Dispose();
        }
    }

    /// <summary>Rewrites the record with a fresh heartbeat, so waiters on other hosts see the holder alive.</summary>
    private void Beat()
    {
        lock (gate)
        {
            if (released)
            {
                return;
            }

            try
            {
                RandomAccess.Write(stream.SafeFileHandle, (holder with { Heartbeat = DateTimeOffset.UtcNow }).ToRecord(), 0);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                // A missed heartbeat is retried at the next tick; six in a row let another host take over.
            }
        }
    }

    private static (LockRead Read, LockHolder? Holder) ReadRecord(FileStream fs)
    {
        try
        {
            var buffer = new byte[LockHolder.RecordBytes * 2];
            var n = RandomAccess.Read(fs.SafeFileHandle, buffer, 0);
            return LockHolder.Parse(buffer.AsSpan(0, n));
        }
        catch (IOException)
        {
            return (LockRead.Corrupt, null);
        }
    }

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
