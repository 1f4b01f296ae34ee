using System.CommandLine;

namespace DataTasks.Cli.CommandLine;

/// <summary>Runs one parsed command.</summary>
internal delegate Task<int> CommandHandler(CliContext context, ArgumentReader args);

/// <summary>
/// One dotnet data command as System.CommandLine sees it, plus what its help needs that System.CommandLine does not
/// model: usage lines for commands with several modes (gc, push --repair), a longer description, and the handler.
/// </summary>
internal sealed class DataCommand : Command
{
    private readonly Dictionary<string, Option> optionsByName = new(StringComparer.Ordinal);
    private readonly HashSet<Option> repeatable = [];

    public DataCommand(string name, string summary, CommandHandler? handler)
        : base(name, summary)
    {
        Handler = handler;
    }

    /// <summary>What runs the command; null for commands the command line itself answers (help, completion).</summary>
    public CommandHandler? Handler { get; }

    /// <summary>More than the one-line summary: shown by the command's own help, under the usage lines.</summary>
    public string? Details { get; init; }

    /// <summary>Usage lines after "dotnet data", one per mode; when empty, one is generated from the options.</summary>
    public IReadOnlyList<string> Usages { get; init; } = [];

    /// <summary>The positional arguments' values, or null when the command takes none.</summary>
    public Argument<string[]>? Positional { get; private set; }

    /// <summary>A flag: <c>--name</c>, with optional short aliases.</summary>
    public DataCommand Flag(string name, string description, params string[] aliases)
    {
        Register(new Option<bool>(name, aliases) { Description = description, Arity = ArgumentArity.Zero });
        return this;
    }

    /// <summary>An option with a value (<c>--name value</c> or <c>--name=value</c>); the last one given wins.</summary>
    public DataCommand Value(string name, string valueName, string description, params string[] aliases)
    {
        Register(ValueOption(name, valueName, description, aliases));
        return this;
    }

    /// <summary>An option that may be given several times, each with one value.</summary>
    public DataCommand Values(string name, string valueName, string description, params string[] aliases)
    {
        var option = ValueOption(name, valueName, description, aliases);
        repeatable.Add(option);
        Register(option);
        return this;
    }

    /// <summary>Zero or more positional arguments, shown in help as <c>&lt;name&gt;...</c>.</summary>
    public DataCommand Takes(string name, string description)
    {
        Positional = new Argument<string[]>(name) { Arity = ArgumentArity.ZeroOrMore, Description = description };
        Arguments.Add(Positional);
        return this;
    }

    /// <summary>Values tab completion offers for the positional arguments.</summary>
    public DataCommand Suggest(IEnumerable<string> values)
    {
        Positional!.CompletionSources.Add([.. values]);
        return this;
    }

    /// <summary>Values tab completion offers for the value of the declared option <paramref name="optionName"/>.</summary>
    public DataCommand SuggestValues(string optionName, IEnumerable<string> values)
    {
        optionsByName[optionName].CompletionSources.Add([.. values]);
        return this;
    }

    /// <summary>The declared option that has <paramref name="name"/> as its name or an alias, or null.</summary>
    public Option? FindOption(string name) => optionsByName.GetValueOrDefault(name);

    public bool IsRepeatable(Option option) => repeatable.Contains(option);

    /// <summary>Options of every value type are read as strings: ranges and formats are checked, and worded, by DataTasks.</summary>
    internal static Option<string[]> ValueOption(string name, string valueName, string description, string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            HelpName = valueName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

    private void Register(Option option)
    {
        Options.Add(option);
        optionsByName[option.Name] = option;
        foreach (var alias in option.Aliases)
        {
            optionsByName[alias] = option;
        }
    }
}
