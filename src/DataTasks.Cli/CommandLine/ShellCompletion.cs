using System.CommandLine;
using DataTasks.Core;

namespace DataTasks.Cli.CommandLine;

/// <summary>
/// Tab completion: <c>completion &lt;shell&gt;</c> prints a script, and the script asks the hidden
/// <c>__complete</c> command what may come next, which System.CommandLine answers from <see cref="CommandCatalog"/>.
/// </summary>
internal static class ShellCompletion
{
    /// <summary>The hidden command the completion scripts call: <c>__complete --position N -- "&lt;line after dotnet data&gt;"</c>.</summary>
    public const string CommandName = "__complete";

    /// <summary>The shells a script exists for, as <c>completion</c> names them.</summary>
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "pwsh"];

    /// <summary>The script for <paramref name="shell"/> (bash, zsh, pwsh or powershell).</summary>
    public static string Script(string shell)
    {
        var extension = shell switch
        {
            "bash" => "bash",
            "zsh" => "zsh",
            "pwsh" or "powershell" => "ps1",
            _ => throw new DataTasksException(ErrorCodes.Usage, $"no completion script for '{shell}'; dotnet data has them for {string.Join(", ", Shells)}; see 'dotnet data completion --help'"),
        };

        using var stream = typeof(ShellCompletion).Assembly.GetManifestResourceStream($"completion.{extension}")
            ?? throw new InvalidOperationException($"the {shell} completion script is not embedded in dotnet-data");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What may be typed at <paramref name="position"/> of <paramref name="line"/> (the text after "dotnet data"):
    /// commands, options, and values System.CommandLine knows. Options are offered only once a '-' is typed, so that
    /// an argument position falls back to the shell's own file completion.
    /// </summary>
    public static IReadOnlyList<string> Complete(CommandCatalog catalog, string line, int position)
    {
        var text = WithoutGlobalValues(catalog, line[..Math.Clamp(position, 0, line.Length)]);
        var word = CurrentWord(text);
        return catalog.Root.Parse(text).GetCompletions(text.Length)
            .Select(c => c.Label)
            .Where(l => l.StartsWith(word, StringComparison.Ordinal))
            .Where(l => word.StartsWith('-') || !l.StartsWith('-'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Drops global options and their values ("-C dir"): System.CommandLine completes the word after an option that
    /// may take several values as another value, never as the command that follows.
    /// </summary>
    private static string WithoutGlobalValues(CommandCatalog catalog, string text)
    {
        var words = text.Split([' ', '\t'], StringSplitOptions.None).ToList();
        var valued = catalog.Global.Recursive.Where(o => o.Arity.MaximumNumberOfValues > 0).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < words.Count - 2; i++)
        {
            if (valued.Contains(words[i]))
            {
                words.RemoveRange(i, 2);
                i--;
            }
        }

        return string.Join(' ', words.Where((w, i) => w.Length > 0 || i == words.Count - 1));
    }

    private static string CurrentWord(string text)
    {
        var start = text.LastIndexOfAny([' ', '\t']) + 1;
        return text[start..];
    }
}
