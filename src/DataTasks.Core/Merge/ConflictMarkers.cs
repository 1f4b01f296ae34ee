namespace DataTasks.Core.Merge;

/// <summary>
/// Recognises a manifest that git's text merge left with conflict markers, so every command can say what works
/// instead of a JSON syntax error whose advice (<c>git checkout --</c>) git refuses for an unmerged path.
/// </summary>
public static class ConflictMarkers
{
    /// <summary>True when <paramref name="utf8"/> has git's three marker lines (<c>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</c>, <c>=======</c>, <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</c>) at line starts.</summary>
    public static bool Contains(ReadOnlySpan<byte> utf8) =>
        HasLineStartingWith(utf8, "<<<<<<<"u8) && HasLineStartingWith(utf8, "======="u8) && HasLineStartingWith(utf8, ">>>>>>>"u8);

    /// <summary>The DT0131 error for a conflicted manifest, naming both ways out.</summary>
    public static DataTasksException Error(string file) =>
        new(ErrorCodes.ManifestHasConflictMarkers,
            $"{file} has merge conflict markers; run 'dotnet data merge-driver --resolve' to merge its entries, or take one side with 'git checkout --ours {Path.GetFileName(file)}' (or --theirs); 'dotnet data install' merges it by itself next time");

    private static bool HasLineStartingWith(ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        var start = 0;
        while (start < text.Length)
        {
            var rest = text[start..];
            if (rest.StartsWith(marker))
            {
                return true;
            }

            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            start += newline + 1;
        }

        return false;
    }
}
