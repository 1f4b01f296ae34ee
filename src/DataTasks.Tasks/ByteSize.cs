using System.Globalization;

namespace DataTasks.Tasks;

/// <summary>Sizes for build messages, in the CLI's style (1000-based, one decimal below 10).</summary>
internal static class ByteSize
{
    /// <summary>Formats <paramref name="bytes"/>, e.g. 42MB or 1.5GB.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        var format = unit == 0 || value >= 10 ? "0" : "0.#";
        return value.ToString(format, CultureInfo.InvariantCulture) + units[unit];
    }
}
