using System.Globalization;

namespace DataTasks.Core;

/// <summary>
/// Human sizes for every front (CLI output, build messages): decimal units, no space ("42MB", "2KB", "1.5GB").
/// </summary>
#if DATATASKS_ANALYZERS
// Linked into the analyzer assembly, where it is an implementation detail, not API of DataTasks.Core.
internal static class SizeFormat
#else
public static class SizeFormat
#endif
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB", "PB"];

    // Rounded as printed, so 999,999 bytes becomes "1MB", never "1000KB" (the SDK's old copy printed that).
    private static double Rounded(double value) => value < 9.95 ? Math.Round(value, 1) : Math.Round(value);

    /// <summary>Formats <paramref name="bytes"/>: one decimal below 10 of a unit, whole numbers above.</summary>
    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (unit < Units.Length - 1 && Rounded(value) >= 1000)
        {
            value /= 1000;
            unit++;
        }

        if (unit == 0)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + "B";
        }

        var text = value < 9.95 ? value.ToString("0.#", CultureInfo.InvariantCulture) : Rounded(value).ToString(CultureInfo.InvariantCulture);
        return text + Units[unit];
    }
}
