using System.Globalization;

namespace DataTasks.Core.Storage;

/// <summary>
/// How often a lock holder refreshes its heartbeat, and how old a record from another host must be before a waiter
/// takes the lock over. Fixed by design; the two variables exist so tests need not wait half a minute.
/// </summary>
internal static class LockTimings
{
    /// <summary>Overrides <see cref="HeartbeatInterval"/> in seconds (tests only).</summary>
    public const string HeartbeatVariable = "DATATASKS_LOCK_HEARTBEAT_SECONDS";

    /// <summary>Overrides <see cref="StaleAge"/> in seconds (tests only).</summary>
    public const string StaleAgeVariable = "DATATASKS_LOCK_STALE_SECONDS";

    /// <summary>
    /// Test hook: "1" makes every lock in the process non-exclusive (it still writes its record), to prove that
    /// the cache stays correct when two writers run at once, as they would after a wrong reclaim.
    /// </summary>
    public const string NoExclusionVariable = "DATATASKS_TEST_LOCKS_NOT_EXCLUSIVE";

    /// <summary>How often a holder rewrites its heartbeat: 5 s.</summary>
    public static TimeSpan HeartbeatInterval => Seconds(HeartbeatVariable, 5);

    /// <summary>
    /// A record from another host whose heartbeat is older than this (30 s, six missed heartbeats) belongs to a dead
    /// or unreachable holder.
    /// </summary>
    public static TimeSpan StaleAge => Seconds(StaleAgeVariable, 30);

    /// <summary>True when the <see cref="NoExclusionVariable"/> test hook is on.</summary>
    public static bool NotExclusive => Environment.GetEnvironmentVariable(NoExclusionVariable) == "1";

    private static TimeSpan Seconds(string variable, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(fallback);
}
