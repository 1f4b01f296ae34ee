using System.ComponentModel;
using System.Diagnostics;

namespace DataTasks.Core.Storage;

/// <summary>What a waiter that got the OS lock concludes from the record still in the lock file.</summary>
internal enum LockState
{
    /// <summary>No holder: take the lock.</summary>
    Free,

    /// <summary>The recorded holder is alive (a live pid on this host, a fresh heartbeat from another): keep waiting.</summary>
    Live,

    /// <summary>The recorded holder is gone: take the lock over, and say so.</summary>
    Stale,
}

/// <summary>
/// Judges a lock record found under a free OS lock. On this host the OS lock already proves the holder let go, so a
/// record whose pid is not running (or now names a process started after the lock was taken) is stale at once; a live
/// pid means the file system does not honour flock and the holder is still at work. From another host only the
/// heartbeat can tell: stale when it is older than <see cref="LockTimings.StaleAge"/>. An unreadable record is stale:
/// a crash of the judge would wedge every later run. A wrong verdict costs duplicate work, never a corrupt file.
/// </summary>
internal static class LockVerdict
{
    /// <summary>The verdict on <paramref name="holder"/> at <paramref name="now"/>, and for a stale lock the reason, for the notice.</summary>
    public static (LockState State, string Reason) Judge(LockRead read, LockHolder? holder, DateTimeOffset now, TimeSpan staleAge)
    {
        if (read == LockRead.Empty)
        {
            return (LockState.Free, "");
        }

        if (read == LockRead.Corrupt || holder is null)
        {
            return (LockState.Stale, "its holder record is unreadable");
        }

        if (string.Equals(holder.Host, LockHolder.CurrentHost, StringComparison.OrdinalIgnoreCase))
        {
            if (holder.ProcessId == Environment.ProcessId)
            {
                // An earlier lock of this very process, not cleared (the OS lock shows no one in it holds it now).
                return (LockState.Free, "");
            }

            return IsRunning(holder.ProcessId, holder.Started)
                ? (LockState.Live, "")
                : (LockState.Stale, $"pid {holder.ProcessId} is not running");
        }

        var age = now - holder.Heartbeat;
        return age > staleAge
            ? (LockState.Stale, $"its last heartbeat is {(int)age.TotalSeconds} s old")
            : (LockState.Live, "");
    }

    /// <summary>
    /// True when <paramref name="pid"/> runs and is the process that took the lock at <paramref name="lockStarted"/>:
    /// a zombie, or a process started after the lock was taken (the pid was reused), is not the holder.
    /// </summary>
    internal static bool IsRunning(int pid, DateTimeOffset lockStarted)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited || IsZombie(pid))
            {
                return false;
            }

            return process.StartTime.ToUniversalTime() <= lockStarted.UtcDateTime + TimeSpan.FromSeconds(2);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
        catch (Exception ex) when (ex is Win32Exception or NotSupportedException or UnauthorizedAccessException)
        {
            // Another user's process that we may not inspect: it runs.
            return true;
        }
    }

    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
