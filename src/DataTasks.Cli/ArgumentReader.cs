using System.CommandLine;
using DataTasks.Cli.CommandLine;
using DataTasks.Core;

namespace DataTasks.Cli;

/// <summary>
/// A command's view of its parsed command line (System.CommandLine did the parsing): flags, option values and
/// positional arguments, asked for by the names the command declares in <see cref="CommandCatalog"/>.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly ParseResult result;
    private readonly DataCommand command;

    public ArgumentReader(ParseResult result, DataCommand command)
    {
        this.result = result;
        this.command = command;
    }

    /// <summary>Whether the flag was given.</summary>
    public bool Flag(params string[] names) => result.GetValue((Option<bool>)Declared(names));

    /// <summary>The value of an option (the last one given wins), or null.</summary>
    public string? Option(params string[] names) => Options(names).LastOrDefault();

    /// <summary>Every value of an option, in order.</summary>
    public List<string> Options(params string[] names) => [.. result.GetValue((Option<string[]>)Declared(names)) ?? []];

    /// <summary>An integer option within a range.</summary>
    public int? IntOption(int min, int max, params string[] names)
    {
        var text = Option(names);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new DataTasksException(ErrorCodes.Usage, $"{names[0]} takes a whole number from {min} to {max}, not '{text}'; see 'dotnet data {command.Name} --help'");
        }

        return value;
    }

    /// <summary>The positional arguments (unknown options were refused while parsing).</summary>
    public List<string> Positionals(string commandName) =>
        command.Positional is { } positional ? [.. result.GetValue(positional) ?? []] : [];

    /// <summary>
    /// The tokens after the first <c>--</c>, as given (options there are arguments, not dotnet data's), or null when
    /// the command line has no <c>--</c>.
    /// </summary>
    public List<string>? AfterEndOfOptions()
    {
        var tokens = result.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                return [.. tokens.Skip(i + 1).Select(t => t.Value)];
            }
        }

        return null;
    }

    /// <summary>A command asking for an option its declaration lacks is a bug in dotnet data, not a user error.</summary>
    private Option Declared(string[] names) =>
        names.Select(command.FindOption).FirstOrDefault(o => o is not null)
        ?? throw new InvalidOperationException($"'{command.Name}' reads {names[0]}, which CommandCatalog does not declare for it");
}
