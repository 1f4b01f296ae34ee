using DataTasks.Core.Namespaces;

namespace DataTasks.Core.Manifest;

/// <summary>
/// One input of an entry: an entry path of this repository (<c>data/raw.csv</c>) or another repository's entry as
/// <c>namespace:path</c> (<c>pesto:data/raw.csv</c>), the namespace being a name of export.json. The text before the
/// first ':' is a namespace when it is a valid namespace name and holds no '/'; a local path whose first segment
/// holds a ':' is written (and stored) with an empty namespace (<c>:a:b</c>).
/// </summary>
/// <param name="Namespace">The namespace, or null for this repository.</param>
/// <param name="Path">The entry path inside that repository.</param>
public sealed record EntryInputReference(string? Namespace, string Path)
{
    /// <summary>The canonical text: the path, or <c>namespace:path</c>.</summary>
    public override string ToString() => Namespace is null ? (FirstSegmentHasColon(Path) ? ":" + Path : Path) : $"{Namespace}:{Path}";

    /// <summary>Parses an input; null with <paramref name="reason"/> when it is not valid.</summary>
    public static EntryInputReference? TryParse(string text, out string? reason)
    {
        string? ns = null;
        var path = text;
        var colon = text.IndexOf(':');
        var slash = text.IndexOf('/');
        if (colon == 0)
        {
            path = text[1..];
        }
        else if (colon > 0 && (slash < 0 || colon < slash) && NamespaceName.IsValid(text[..colon]))
        {
            ns = text[..colon];
            path = text[(colon + 1)..];
        }

        reason = EntryPath.Validate(path);
        return reason is null ? new EntryInputReference(ns, path) : null;
    }

    /// <summary>Parses an input or throws DT0142.</summary>
    public static EntryInputReference Parse(string text) =>
        TryParse(text, out var reason) ?? throw new DataTasksException(ErrorCodes.InvalidInputReference,
            $"invalid input '{EntryPath.Printable(text)}': {reason}; give an entry path, or namespace:path for another repository's entry");

    /// <summary>Throws DT0142 unless every input is valid; returns their canonical texts in the given order without duplicates.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> inputs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var input in inputs)
        {
            var text = Parse(input).ToString();
            if (seen.Add(text))
            {
                result.Add(text);
            }
        }

        return result;
    }

    private static bool FirstSegmentHasColon(string path)
    {
        var slash = path.IndexOf('/');
        return (slash < 0 ? path : path[..slash]).Contains(':');
    }
}
