using System.Globalization;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Lineage;

/// <summary>The rules for lineage's options, so every front end refuses the same things with the same codes.</summary>
public static class LineageRequest
{
    /// <summary>The formats by name, as --format spells them.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["text", "dot", "mermaid", "json"];

    /// <summary>The direction from --up and --down: both when neither; DT1113 when both.</summary>
    public static LineageDirection Direction(bool up, bool down) => (up, down) switch
    {
        (true, true) => throw new DataTasksException(ErrorCodes.LineageDirectionConflict,
            "lineage takes --up or --down, not both; give neither for both directions"),
        (true, false) => LineageDirection.Up,
        (false, true) => LineageDirection.Down,
        _ => LineageDirection.Both,
    };

    /// <summary>The --depth value: null when absent, else a whole number from 1; DT1111 otherwise.</summary>
    public static int? Depth(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) || depth < 1)
        {
            throw new DataTasksException(ErrorCodes.LineageDepthInvalid,
                $"--depth takes a whole number of levels from 1, not '{EntryPath.Printable(text)}'; leave it out for no limit");
        }

        return depth;
    }

    /// <summary>
    /// The format from --format (text when absent) and --json (a synonym of --format json); DT1112 for an unknown name
    /// or for --json with another format.
    /// </summary>
    public static LineageFormat Format(string? name, bool json)
    {
        LineageFormat? format = name switch
        {
            null => null,
            "text" => LineageFormat.Text,
            "dot" => LineageFormat.Dot,
            "mermaid" => LineageFormat.Mermaid,
            "json" => LineageFormat.Json,
            _ => throw new DataTasksException(ErrorCodes.LineageFormatInvalid,
                $"--format '{EntryPath.Printable(name)}' is not a lineage format; use one of {string.Join(", ", FormatNames)}"),
        };

        if (json && format is not null and not LineageFormat.Json)
        {
            throw new DataTasksException(ErrorCodes.LineageFormatInvalid,
                $"--json means --format json, which contradicts --format {name}; give one of them");
        }

        return json ? LineageFormat.Json : format ?? LineageFormat.Text;
    }
}
