namespace DataTasks.Core.Text;

/// <summary>
/// Counted nouns for human messages on every front (CLI output, build messages): "1 file", "2 files", "1 entry",
/// "2 entries".
/// </summary>
public static class Plural
{
    /// <summary>The count and the noun in the number it needs: <c>Count(1, "file")</c> is "1 file", <c>Count(0, "file")</c> "0 files".</summary>
    /// <param name="n">How many.</param>
    /// <param name="singular">The noun for one ("file", "entry").</param>
    /// <param name="plural">The plural when it is not regular, or null for the regular one.</param>
    public static string Count(long n, string singular, string? plural = null) => $"{n} {Noun(n, singular, plural)}";

    /// <summary>The noun alone, singular for exactly one, otherwise <paramref name="plural"/> or its regular plural.</summary>
    /// <param name="n">How many.</param>
    /// <param name="singular">The noun for one ("file", "entry").</param>
    /// <param name="plural">The plural when it is not regular, or null for the regular one.</param>
    public static string Noun(long n, string singular, string? plural = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singular);
        return n == 1 ? singular : plural ?? Regular(singular);
    }

    // "entry" → "entries" (consonant + y); every other noun DataTasks counts takes an "s".
    private static string Regular(string singular) =>
        singular.Length > 1 && singular[^1] == 'y' && !"aeiou".Contains(singular[^2])
            ? singular[..^1] + "ies"
            : singular + "s";
}
