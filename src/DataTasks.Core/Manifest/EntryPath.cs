namespace DataTasks.Core.Manifest;

/// <summary>
/// Rules for manifest entry paths: relative, '/'-separated, no '.', '..' or empty segments, no drive letters,
/// no leading '/', no segment that is (or a file system aliases to) .git, .gitmodules, .gitattributes, .gitignore or
/// .datatasks (<see cref="ReservedSegment"/>). The same rule guards every write, so a hostile manifest can never make
/// DataTasks write outside the repository or plant files git acts on.
/// </summary>
public static class EntryPath
{
    /// <summary>Returns null when <paramref name="path"/> is a valid entry path, otherwise the reason it is not.</summary>
    public static string? Validate(string path) => Validate(path.AsSpan());

    /// <summary>
    /// Returns null when <paramref name="path"/> is a valid entry path, otherwise the reason it is not; for callers that
    /// hold the path as characters they have not made a string (a manifest scanned as bytes).
    /// </summary>
    public static string? Validate(ReadOnlySpan<char> path)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        if (path[0] == '/' || path[0] == '\\')
        {
            return "the path must be relative (no leading '/')";
        }

        if (path.Contains('\\'))
        {
            return "use '/' as the separator, not '\\'";
        }

        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            return "the path must not start with a drive letter";
        }

        foreach (var c in path)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return "the path contains a control character";
            }
        }

        // Segment by segment over the path itself: a 100,000-entry manifest validates every path on each read, so no
        // segment becomes a string unless it may be reserved.
        var single = path.IndexOf('/') < 0;
        for (var start = 0; start <= path.Length;)
        {
            var end = path[start..].IndexOf('/');
            end = end < 0 ? path.Length : start + end;
            var s = path.Slice(start, end - start);
            if (s.Length == 0)
            {
                return "the path has an empty segment";
            }

            if (s is "." or "..")
            {
                return "the path must not contain '.' or '..' segments";
            }

            if (ReservedSegment.MayBeReserved(s) && s.ToString() is var segment && ReservedSegment.Find(segment) is { } reserved)
            {
                return reserved == "." + segment.ToLowerInvariant()
                    ? $"the path must not be or go through {reserved}"
                    : $"'{Visible(segment)}' is {reserved} on Windows or macOS, and the path must not be or go through {reserved}";
            }

            if (single && s.Equals("artifacts.json", StringComparison.OrdinalIgnoreCase))
            {
                return "the manifest cannot track itself";
            }

            start = end + 1;
        }

        return null;
    }

    /// <summary>Throws <see cref="DataTasksException"/> (DT0104) when the path is not a valid entry path.</summary>
    public static void EnsureValid(string path)
    {
        var reason = Validate(path);
        if (reason is not null)
        {
            throw new DataTasksException(ErrorCodes.ManifestInvalidPath, $"invalid entry path '{Printable(path)}': {reason}");
        }
    }

    /// <summary>Converts an entry path to a full path on disk under <paramref name="root"/>, with the platform's separators.</summary>
    public static string ToFullPath(string root, string entryPath)
    {
        var relative = Path.DirectorySeparatorChar == '/' ? entryPath : entryPath.Replace('/', Path.DirectorySeparatorChar);
        return Path.Join(root, relative);
    }

    /// <summary>
    /// Converts a full or working-directory-relative path to a repository-relative '/' path, or null when it lies outside
    /// <paramref name="root"/>. The empty string means the root itself.
    /// </summary>
    public static string? FromFullPath(string root, string fullPath)
    {
        var full = Path.GetFullPath(fullPath);
        var rel = Path.GetRelativePath(root, full);
        if (rel == ".")
        {
            return string.Empty;
        }

        if (rel == ".." || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(rel))
        {
            return null;
        }

        rel = rel.Replace(Path.DirectorySeparatorChar, '/');
        return rel.TrimEnd('/');
    }

    /// <summary>Shows the characters a file system ignores (or a terminal hides) as <c>\uXXXX</c>.</summary>
    private static string Visible(string s) =>
        string.Concat(s.Select(c => c < 0x20 || c == 0x7f || (c >= 0x80 && !char.IsLetterOrDigit(c)) ? $"\\u{(int)c:X4}" : c.ToString()));

    internal static string Printable(string s)
    {
        var chars = s.Select(c => c < 0x20 || c == 0x7f ? '?' : c).ToArray();
        var text = new string(chars);
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
