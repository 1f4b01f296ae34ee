using System.Text.Json;
using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Output;

/// <summary>What every --json run must satisfy: stdout is one JSON object, and it follows the one naming style.</summary>
internal static partial class JsonAssert
{
    /// <summary>
    /// Fields whose string values are the user's words or locations (paths, remotes, git identities and revisions,
    /// messages): their case is the user's, so only their names are audited, not their values.
    /// </summary>
    private static readonly HashSet<string> FreeText = new(StringComparer.Ordinal)
    {
        "path", "old_path", "paths", "removed", "root", "cache", "remote", "hooks_directory", "manifest", "where",
        "quarantined_to", "namespace", "revision", "from", "to", "author", "email", "subject", "detail", "reason",
        "error", "problem", "warnings", "fields",
    };

    /// <summary>Parses the whole of stdout: a stray human line before or after the object fails here.</summary>
    public static JsonDocument ParseWhole(CliResult result)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(result.Stdout);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"stdout is not one JSON value ({ex.Message})\n{result}");
            throw;
        }

        Assert.AreEqual(JsonValueKind.Object, doc.RootElement.ValueKind, $"--json writes one object\n{result}");
        return doc;
    }

    /// <summary>The properties of <paramref name="element"/> are exactly <paramref name="names"/> (in any order).</summary>
    public static void HasFields(JsonElement element, params string[] names) =>
        CollectionAssert.AreEquivalent(names, element.EnumerateObject().Select(p => p.Name).ToArray(), element.GetRawText());

    /// <summary>
    /// Every property name is snake_case, and every string value that is an enum-like word (one identifier: letters,
    /// digits and underscores, as "FromCache" or "from_cache" are, but no path, key, date or sentence) is snake_case,
    /// outside the <see cref="FreeText"/> fields. Returns the enum-like values seen, so a caller can tell the audit
    /// looked at something.
    /// </summary>
    public static HashSet<string> AuditNaming(JsonElement element, string context)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        Walk(element, "$", audited: true, words, problems);
        Assert.IsEmpty(problems, $"{context}: not snake_case:\n{string.Join("\n", problems)}\n{element.GetRawText()}");
        return words;
    }

    public static bool IsSnake(string text) => SnakeCase().IsMatch(text);

    private static void Walk(JsonElement element, string where, bool audited, HashSet<string> words, List<string> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    if (!IsSnake(p.Name))
                    {
                        problems.Add($"key {where}.{p.Name}");
                    }

                    Walk(p.Value, $"{where}.{p.Name}", audited && !FreeText.Contains(p.Name), words, problems);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var e in element.EnumerateArray())
                {
                    Walk(e, $"{where}[{i++}]", audited, words, problems);
                }

                break;
            case JsonValueKind.String when audited && Identifier().IsMatch(element.GetString()!):
                var value = element.GetString()!;
                words.Add(value);
                if (!IsSnake(value))
                {
                    problems.Add($"value {where} = \"{value}\"");
                }

                break;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
