using System.Globalization;

namespace DataTasks.Cli;

/// <summary>Human sizes as the plan prints them: decimal units, no space ("42MB", "2KB", "1.5GB").</summary>
internal static class SizeFormat
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB", "PB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        if (unit == 0)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + "B";
        }

        var text = value < 10 ? value.ToString("0.#", CultureInfo.InvariantCulture) : Math.Round(value).ToString(CultureInfo.InvariantCulture);
        return text + Units[unit];
    }
}
