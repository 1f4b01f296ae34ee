using System.Globalization;

namespace DataTasks.Core.Operations;

/// <summary>Byte sizes as <c>gc --cache --max-size</c> takes them: a number with B, KB, MB, GB or TB (decimal units, as printed).</summary>
public static class GcByteSize
{
    /// <summary>Parses <paramref name="text"/>; DT0504 when it is not a size.</summary>
    public static long Parse(string text, string source)
    {
        var t = text.Trim().ToUpperInvariant();
        var unitStart = t.Length;
        while (unitStart > 0 && char.IsLetter(t[unitStart - 1]))
        {
            unitStart--;
        }

        var multiplier = t[unitStart..] switch
        {
            "" or "B" => 1L,
            "K" or "KB" => 1_000L,
            "M" or "MB" => 1_000_000L,
            "G" or "GB" => 1_000_000_000L,
            "T" or "TB" => 1_000_000_000_000L,
            _ => 0L,
        };
        if (multiplier > 0 && decimal.TryParse(t.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number <= long.MaxValue / multiplier)
        {
            return (long)(number * multiplier);
        }

        throw new DataTasksException(ErrorCodes.InvalidGcSetting, $"{source}: '{text}' is not a size; write a number and a unit, such as 500MB or 20GB");
    }
}
