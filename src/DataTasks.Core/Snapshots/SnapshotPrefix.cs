using DataTasks.Core.Config;

namespace DataTasks.Core.Snapshots;

/// <summary>
/// The prefix that puts snapshot tags in a namespace of their own (<c>data/</c>), so <c>snapshot list</c> shows
/// snapshots and not release tags. Configurable as <c>snapshot.prefix</c>; a prefix that cannot start a tag name is
/// <see cref="ErrorCodes.SnapshotPrefixInvalid"/>, found by the same <c>git check-ref-format</c> as names.
/// </summary>
public static class SnapshotPrefix
{
    /// <summary>The configuration key.</summary>
    public const string Key = "snapshot.prefix";

    /// <summary>The prefix when nothing sets one.</summary>
    public const string Default = "data/";

    /// <summary>The prefix <paramref name="config"/> sets, else <see cref="Default"/>; not yet checked against git.</summary>
    public static string From(ResolvedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Find(Key) is not { } value)
        {
            return Default;
        }

        var text = config.Effective(value);
        if (text.Length == 0 || text[0] == '-' || text.Any(char.IsControl) || text.Any(char.IsWhiteSpace))
        {
            throw Invalid(text, value.Origin.Display);
        }

        return text;
    }

    /// <summary>The error for a prefix git cannot put in front of a tag name.</summary>
    internal static DataTasksException Invalid(string prefix, string origin) =>
        new(ErrorCodes.SnapshotPrefixInvalid,
            $"{Key} '{Manifest.EntryPath.Printable(prefix)}' (set in {origin}) cannot start a git tag name; use letters, digits, '-', '_', '.' and '/', such as the default '{Default}'");
}
