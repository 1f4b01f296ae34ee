using System.Globalization;

namespace DataTasks.Core.Operations;

/// <summary>
/// Durations as gc takes them (<c>--grace 24h</c>, <c>"gc": {"grace": "7d"}</c>, <c>--max-age 30d</c>): a whole number
/// followed by s, m, h, d or w; "0" alone means none.
/// </summary>
public static class GcDuration
{
    /// <summary>Parses <paramref name="text"/>; DT0504 naming <paramref name="source"/> when it is not a duration.</summary>
    public static TimeSpan Parse(string text, string source)
    {
        var t = text.Trim();
        if (t == "0")
        {
            return TimeSpan.Zero;
        }

        if (t.Length >= 2 && long.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
        {
            switch (t[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'w': return TimeSpan.FromDays(7 * n);
            }
        }

        throw new DataTasksException(ErrorCodes.InvalidGcSetting, $"{source}: '{text}' is not a duration; write a whole number and a unit, such as 30m, 24h, 7d or 2w (or 0)");
    }

    /// <summary>Formats a duration the way <see cref="Parse"/> reads it, in the largest whole unit.</summary>
    public static string Format(TimeSpan value) =>
        value == TimeSpan.Zero ? "0"
        : value.Ticks % TimeSpan.TicksPerDay == 0 && value.TotalDays >= 2 ? $"{value.Ticks / TimeSpan.TicksPerDay}d"
        : value.Ticks % TimeSpan.TicksPerHour == 0 ? $"{value.Ticks / TimeSpan.TicksPerHour}h"
        : value.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{value.Ticks / TimeSpan.TicksPerMinute}m"
        : $"{(long)value.TotalSeconds}s";

    /// <summary>
    /// A start date for <c>--since</c>: an ISO date or timestamp (2026-01-31, 2026-01-31T12:00:00Z) or a duration back from
    /// <paramref name="now"/> (90d); DT0504 otherwise.
    /// </summary>
    public static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) && text.Contains('-', StringComparison.Ordinal))
        {
            return date;
        }

        try
        {
            return now - Parse(text, "--since");
        }
        catch (DataTasksException)
        {
            throw new DataTasksException(ErrorCodes.InvalidGcSetting, $"--since: '{text}' is neither a date (2026-01-31) nor a duration back from now (90d)");
        }
    }
}
