using System.CommandLine;
using System.CommandLine.Parsing;
using DataTasks.Core;

namespace DataTasks.Cli.CommandLine;

/// <summary>
/// Parses a dotnet data command line with System.CommandLine, as the hand-written reader before it did: no response
/// files (<c>@file</c> is a path), no directives, no option bundling (<c>-nx</c> is not <c>-n -x</c>), and an unknown
/// option is an error instead of a positional argument.
/// </summary>
internal static class CommandLineParser
{
    private static readonly ParserConfiguration Configuration = new()
    {
        ResponseFileTokenReplacer = null,
        EnablePosixBundling = false,
    };

    /// <summary>Parses <paramref name="args"/>; a usage error is thrown as DT0001 naming the help to read.</summary>
    public static ParseResult Parse(CommandCatalog catalog, IReadOnlyList<string> args)
    {
        var result = catalog.Root.Parse(args, Configuration);
        var command = result.CommandResult.Command as DataCommand;
        var help = command is null ? "dotnet data --help" : $"dotnet data {command.Name} --help";
        if (UnknownOption(result) is { } unknown)
        {
            var where = command is null ? "" : $" for '{command.Name}'";
            throw new DataTasksException(ErrorCodes.Usage, $"unknown option '{unknown}'{where}; see '{help}'");
        }

        if (command is null && result.UnmatchedTokens.Count > 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, $"'{result.UnmatchedTokens[0]}' is not a dotnet data command; see 'dotnet data --help'");
        }

        // Without a command word, the only error System.CommandLine adds by itself is "no command": the caller prints
        // the usage for that.
        var errors = command is null ? result.Errors.Where(e => e.SymbolResult is OptionResult).ToList() : [.. result.Errors];
        if (errors.Count > 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, $"{Describe(errors[0], command)}; see '{help}'");
        }

        return result;
    }

    /// <summary>
    /// System.CommandLine binds an unknown <c>--option</c> to the positional arguments; before <c>--</c>, a
    /// positional that starts with '-' is an option dotnet data does not have.
    /// </summary>
    private static string? UnknownOption(ParseResult result)
    {
        var tokens = result.Tokens;
        var endOfOptions = int.MaxValue;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.DoubleDash)
            {
                endOfOptions = i;
                break;
            }
        }

        foreach (var token in result.UnmatchedTokens)
        {
            if (IsOptionLike(token))
            {
                return token;
            }
        }

        if (result.CommandResult.Command is DataCommand { Positional: { } positional } && result.GetResult(positional) is { } bound)
        {
            foreach (var token in bound.Tokens)
            {
                var index = IndexOf(tokens, token);
                if (index < endOfOptions && IsOptionLike(token.Value))
                {
                    return token.Value;
                }
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsOptionLike(string token) => token.Length > 1 && token[0] == '-';

    /// <summary>System.CommandLine's messages, in dotnet data's words where users meet them most.</summary>
    private static string Describe(ParseError error, DataCommand? command)
    {
        if (error.SymbolResult is OptionResult { Option: var option } && option.Arity.MinimumNumberOfValues > 0)
        {
            return $"option {option.Name} needs a value";
        }

        if (command is not null && error.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal))
        {
            var extra = error.Message[(error.Message.IndexOf('\'') + 1)..].TrimEnd('.', '\'');
            return command.Positional is null
                ? $"'{command.Name}' takes no arguments ('{extra}')"
                : $"unexpected argument '{extra}' for '{command.Name}'";
        }

        return error.Message.TrimEnd('.');
    }
}
