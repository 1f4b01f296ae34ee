namespace DataTasks.Cli;

/// <summary>Counted nouns for human messages: "1 file", "2 files", "1 entry", "2 entries".</summary>
internal static class Plural
{
    /// <summary>The count and the noun in the number it needs; English plural rules for the nouns the CLI prints.</summary>
    public static string Count(long n, string singular, string? plural = null) => $"{n} {Noun(n, singular, plural)}";

    /// <summary>The noun alone, singular for exactly one, otherwise <paramref name="plural"/> or its regular plural.</summary>
    public static string Noun(long n, string singular, string? plural = null) =>
        n == 1 ? singular : plural ?? Regular(singular);

    // "entry" → "entries" (consonant + y); every other noun the CLI counts takes an "s".
    private static string Regular(string singular) =>
        singular.Length > 1 && singular[^1] == 'y' && !"aeiou".Contains(singular[^2])
            ? singular[..^1] + "ies"
            : singular + "s";
}
