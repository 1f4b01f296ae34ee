using System.Text;
using System.Text.Json.Nodes;

namespace DataTasks.Core.Config;

/// <summary>
/// Expands the <c>$</c>-symbols of a path value: <c>~</c> at the start (the home folder), <c>$user_cache_dir</c>,
/// <c>$user_data_dir</c>, <c>$repo</c>, the user's <c>"symbols"</c>, then environment variables, each as <c>$name</c> or
/// <c>${name}</c>; <c>$$</c> is a literal <c>$</c>. A symbol nothing defines is an error naming it, never an empty
/// string (a path silently losing a segment would put the cache somewhere nobody meant); symbols defined through each
/// other in a circle are an error too.
/// </summary>
public sealed class PathSymbols
{
    /// <summary>The built-in symbols, which user symbols cannot redefine.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = ["user_cache_dir", "user_data_dir", "repo", "home"];

    private readonly string? repositoryRoot;
    private readonly EnvironmentVariables environment;
    private readonly IReadOnlyDictionary<string, ConfigValue> symbols;

    /// <summary>Symbols for one resolved configuration.</summary>
    /// <param name="repositoryRoot">What <c>$repo</c> means; null outside a repository, where <c>$repo</c> is an error.</param>
    /// <param name="environment">Where environment variables and the platform folders are read.</param>
    /// <param name="symbols">The user's symbols (the resolved <c>"symbols"</c> object), by name.</param>
    public PathSymbols(string? repositoryRoot, EnvironmentVariables environment, IReadOnlyDictionary<string, ConfigValue> symbols)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(symbols);
        this.repositoryRoot = repositoryRoot;
        this.environment = environment;
        this.symbols = symbols;
    }

    /// <summary>Expands every symbol in <paramref name="text"/>, the value of <paramref name="key"/> set by <paramref name="origin"/>.</summary>
    /// <param name="text">The path as written.</param>
    /// <param name="key">The key, for messages.</param>
    /// <param name="origin">Where the value came from, for messages.</param>
    public string Expand(string text, string key, ConfigOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Expand(text, $"{origin}: \"{key}\"", []);
    }

    private string Expand(string text, string where, List<string> chain)
    {
        var result = new StringBuilder();
        var i = 0;
        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && text.StartsWith("~\\", StringComparison.Ordinal)))
        {
            result.Append(PlatformFolders.Home(environment));
            i = 1;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                result.Append(c);
                i++;
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            string name;
            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new DataTasksException(ErrorCodes.ConfigUnknownSymbol, $"{where}: \"${{\" has no closing '}}' in \"{text}\"; write ${{name}}, or $$ for a literal $");
                }

                name = text[(i + 2)..close];
                i = close + 1;
            }
            else
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                name = text[(i + 1)..end];
                i = end;
            }

            if (name.Length == 0)
            {
                throw new DataTasksException(ErrorCodes.ConfigUnknownSymbol, $"{where}: a '$' names no symbol in \"{text}\"; write $name or ${{name}}, or $$ for a literal $");
            }

            result.Append(Lookup(name, where, chain));
        }

        return result.ToString();
    }

    private string Lookup(string name, string where, List<string> chain)
    {
        switch (name)
        {
            case "user_cache_dir":
                return PlatformFolders.UserCacheDirectory(environment);
            case "user_data_dir":
                return PlatformFolders.UserDataDirectory(environment);
            case "home":
                return PlatformFolders.Home(environment);
            case "repo":
                return repositoryRoot ?? throw new DataTasksException(ErrorCodes.ConfigUnknownSymbol,
                    $"{where}: $repo means the repository's root, and there is no repository here; use another path in the user's configuration");
        }

        if (symbols.TryGetValue(name, out var symbol))
        {
            if (chain.Contains(name, StringComparer.Ordinal))
            {
                throw new DataTasksException(ErrorCodes.ConfigSymbolCycle,
                    $"{where}: symbols are defined through each other in a circle: {string.Join(" -> ", chain.SkipWhile(n => n != name).Append(name).Select(n => "$" + n))}; define one of them as a plain path");
            }

            if (symbol.Value is not JsonValue v || !v.TryGetValue<string>(out var definition))
            {
                throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{symbol.Origin}: \"symbols.{name}\" must be a string (a path)");
            }

            chain.Add(name);
            var expanded = Expand(definition, $"{symbol.Origin}: \"symbols.{name}\"", chain);
            chain.RemoveAt(chain.Count - 1);
            return expanded;
        }

        var variable = environment.Get(name);
        if (!string.IsNullOrEmpty(variable))
        {
            return variable;
        }

        throw new DataTasksException(ErrorCodes.ConfigUnknownSymbol,
            $"{where}: unknown symbol ${name}: not {string.Join(", ", BuiltIn.Select(b => "$" + b))}, not in \"symbols\" and not an environment variable; define it in \"symbols\", or write $$ for a literal $");
    }
}
