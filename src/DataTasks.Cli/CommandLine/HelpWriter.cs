using System.CommandLine;
using System.Text;

namespace DataTasks.Cli.CommandLine;

/// <summary>
/// Writes help from the declarations in <see cref="CommandCatalog"/>, in git's style: usage lines first, then what
/// the command does, its arguments and options, and a footer that links the command's section of the online docs.
/// </summary>
internal sealed class HelpWriter
{
    /// <summary>The command-line reference online (docs/cli.md of the repository), one section a command.</summary>
    public const string DocsUrl = "https://github.com/datatasks/datatasks/blob/main/docs/cli.md";

    /// <summary>The error codes online.</summary>
    public const string ErrorsUrl = "https://github.com/datatasks/datatasks/blob/main/docs/errors.md";

    private const string ExitCodes = "exit codes: 0 fine, 1 problems found, 2 usage or input error, 130 cancelled";

    private readonly CommandCatalog catalog;
    private readonly int width;

    public HelpWriter(CommandCatalog catalog, int width = 100)
    {
        this.catalog = catalog;
        this.width = Math.Clamp(width, 60, 160);
    }

    /// <summary>The help for dotnet data itself: every command with its summary, and the global options.</summary>
    public string Root()
    {
        var text = new StringBuilder();
        text.Append("usage: dotnet data [<global options>] <command> [<args>]\n\n");
        Wrap(text, catalog.Root.Description ?? "", "", "");
        text.Append("\ncommands:\n");
        var visible = catalog.Commands.Where(c => !c.Hidden).ToList();
        Columns(text, visible.Select(c => (c.Name, c.Description ?? "")).ToList());
        text.Append("\nglobal options (before or after the command):\n");
        Columns(text, catalog.Root.Options.Select(o => (Label(o), o.Description ?? "")).ToList());
        text.Append("\n'dotnet data help <command>' or 'dotnet data <command> --help' describes a command.\n");
        Footer(text, null);
        return text.ToString();
    }

    /// <summary>The help for one command: its usage lines, description, arguments and options.</summary>
    public string Command(DataCommand command)
    {
        var text = new StringBuilder();
        var usages = command.Usages.Count > 0 ? command.Usages : [GeneratedUsage(command)];
        for (var i = 0; i < usages.Count; i++)
        {
            var head = (i == 0 ? "usage: " : "   or: ") + "dotnet data " + command.Name + " ";
            var rest = usages[i].StartsWith(command.Name + " ", StringComparison.Ordinal) ? usages[i][(command.Name.Length + 1)..] : "";
            Wrap(text, UsageGroups(rest), head, new string(' ', head.Length));
        }

        text.Append('\n');
        Wrap(text, Sentence(command.Description ?? ""), "", "");
        if (command.Details is { } details)
        {
            text.Append('\n');
            Wrap(text, details, "", "");
        }

        if (command.Positional is { } positional)
        {
            text.Append("\narguments:\n");
            Columns(text, [($"<{positional.Name}>...", positional.Description ?? "")]);
        }

        if (command.Options.Count > 0)
        {
            text.Append("\noptions:\n");
            Columns(text, command.Options.Select(o => (Label(o), o.Description ?? "")).ToList());
        }

        text.Append('\n');
        // A command's own option shadows the global one of the same name after the command word (status --remote).
        var global = string.Join(", ", catalog.Global.Recursive
            .Where(o => command.FindOption(o.Name) is null)
            .Select(o => Label(o).Replace(", ", "/", StringComparison.Ordinal)));
        Wrap(text, $"global options: {global} ('dotnet data --help' describes them)", "", "");
        Footer(text, command);
        return text.ToString();
    }

    private static void Footer(StringBuilder text, DataCommand? command)
    {
        text.Append('\n').Append(ExitCodes).Append('\n');
        text.Append("docs: ").Append(command is null ? DocsUrl : $"{DocsUrl}#{command.Name}").Append('\n');
        text.Append("error codes: ").Append(ErrorsUrl).Append('\n');
    }

    /// <summary><c>status [&lt;path&gt;...] [--remote] [--json]</c>: the name, the arguments, then each option.</summary>
    private static string GeneratedUsage(DataCommand command)
    {
        var usage = new StringBuilder(command.Name);
        if (command.Positional is { } positional)
        {
            usage.Append(" [<").Append(positional.Name).Append(">...]");
        }

        foreach (var option in command.Options)
        {
            usage.Append(" [").Append(option.Name);
            if (option.Arity.MaximumNumberOfValues > 0)
            {
                usage.Append(" <").Append(option.HelpName ?? "value").Append('>');
            }

            usage.Append(']');
            if (command.IsRepeatable(option))
            {
                usage.Append("...");
            }
        }

        return usage.ToString();
    }

    /// <summary><c>-j, --jobs &lt;N&gt;</c>: short aliases first, as most tools print them.</summary>
    private static string Label(Option option)
    {
        var names = option.Aliases.OrderBy(a => a.Length).Append(option.Name);
        var label = string.Join(", ", names);
        return option.Arity.MaximumNumberOfValues > 0 ? $"{label} <{option.HelpName ?? "value"}>" : label;
    }

    private static string Sentence(string summary) =>
        summary.Length == 0 ? summary : char.ToUpperInvariant(summary[0]) + summary[1..] + (summary.EndsWith('.') ? "" : ".");

    private void Columns(StringBuilder text, IReadOnlyList<(string Label, string Description)> rows)
    {
        // Labels wider than this get their description on the next line, so one long option does not squeeze the rest.
        var column = Math.Min(rows.Max(r => r.Label.Length), 24) + 4;
        foreach (var (label, description) in rows)
        {
            var first = "  " + label;
            if (first.Length + 2 > column)
            {
                text.Append(first).Append('\n');
                first = "";
            }

            Wrap(text, description, first.PadRight(column), new string(' ', column));
        }
    }

    /// <summary>Splits a usage line where a line may break: between bracketed groups, never inside "[--jobs &lt;N&gt;]".</summary>
    private static List<string> UsageGroups(string usage)
    {
        var groups = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= usage.Length; i++)
        {
            if (i == usage.Length || (usage[i] == ' ' && depth == 0))
            {
                if (i > start)
                {
                    groups.Add(usage[start..i]);
                }

                start = i + 1;
                continue;
            }

            depth += usage[i] switch { '[' or '<' or '(' => 1, ']' or '>' or ')' => -1, _ => 0 };
        }

        return groups;
    }

    private void Wrap(StringBuilder text, string words, string firstIndent, string indent) =>
        Wrap(text, words.Split(' ', StringSplitOptions.RemoveEmptyEntries), firstIndent, indent);

    /// <summary>Wraps <paramref name="words"/> to the width, the first line after <paramref name="firstIndent"/>.</summary>
    private void Wrap(StringBuilder text, IEnumerable<string> words, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        var empty = true;
        foreach (var word in words)
        {
            if (!empty && line.Length + 1 + word.Length > width)
            {
                text.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(indent);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
            }

            line.Append(word);
            empty = false;
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
