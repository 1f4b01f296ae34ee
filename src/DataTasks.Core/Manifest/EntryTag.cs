namespace DataTasks.Core.Manifest;

/// <summary>
/// The rule for a tag: 1-100 characters, no whitespace and no control characters, so a tag is one word on a command
/// line, in describe's output and in a --tag filter, and compares ordinally (case matters, as in a path).
/// </summary>
public static class EntryTag
{
    /// <summary>The longest tag accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>Null when <paramref name="tag"/> is a valid tag, otherwise the reason it is not.</summary>
    public static string? Validate(string tag)
    {
        if (tag.Length == 0)
        {
            return "a tag must not be empty";
        }

        if (tag.Length > MaxLength)
        {
            return $"a tag must be at most {MaxLength} characters";
        }

        foreach (var c in tag)
        {
            if (char.IsControl(c))
            {
                return "a tag must not contain control characters";
            }

            if (char.IsWhiteSpace(c))
            {
                return "a tag must not contain whitespace";
            }
        }

        return null;
    }

    /// <summary>Throws DT0141 unless every tag is valid; returns them sorted ordinally without duplicates.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> tags)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (Validate(tag) is { } reason)
            {
                throw new DataTasksException(ErrorCodes.InvalidTag, $"invalid tag '{EntryPath.Printable(tag)}': {reason}");
            }

            set.Add(tag);
        }

        return [.. set];
    }
}
