using System.Globalization;
using System.Text.Json.Nodes;

namespace DataTasks.Core.Config;

/// <summary>
/// The keys the ladder knows by name, how a key maps to its <c>DATATASKS_&lt;NAME&gt;</c> variable, and how text from a
/// variable or from <c>config set</c> becomes a JSON value.
/// </summary>
public static class ConfigKeys
{
    /// <summary>The remote URL or folder.</summary>
    public const string Remote = "remote";

    /// <summary>The machine cache folder.</summary>
    public const string Cache = "cache";

    /// <summary>The user's symbols, an object of name to path.</summary>
    public const string Symbols = "symbols";

    /// <summary>The read pools: folders probed for objects after the machine cache and before the remote.</summary>
    public const string Pools = "pools";

    /// <summary>The host overrides, an object of host glob to settings; never a setting itself.</summary>
    public const string Hosts = "hosts";

    /// <summary>The prefix of every ladder variable.</summary>
    public const string VariablePrefix = "DATATASKS_";

    /// <summary>
    /// Keys a variable can set even when no file mentions them (a variable cannot be found by listing the environment
    /// through <see cref="EnvironmentVariables"/>, so the ladder asks for these and for every key a file sets).
    /// </summary>
    public static readonly IReadOnlyList<string> Known = [Remote, Cache, "follow_symlinks", "gc.grace", "hooks.hydrate", Pools, "snapshot.prefix"];

    /// <summary>Keys whose values are paths: their <c>$</c>-symbols are expanded where they are used.</summary>
    public static bool IsPath(string key) => key is Remote or Cache;

    /// <summary>Keys whose values are always text, even when they look like a number (paths and symbol definitions).</summary>
    public static bool IsText(string key) => IsPath(key) || key == Pools || key.StartsWith(Symbols + ".", StringComparison.Ordinal);

    /// <summary>Older variable names that still set a key, after its <c>DATATASKS_&lt;NAME&gt;</c> variable.</summary>
    public static IEnumerable<string> VariablesOf(string key)
    {
        yield return VariablePrefix + key.ToUpperInvariant().Replace('.', '_').Replace('-', '_');
        if (key == Cache)
        {
            yield return MachineCacheLocation.Variable;
        }
    }

    /// <summary>
    /// Text as a value of <paramref name="key"/>: <c>true</c>, <c>false</c> and numbers become JSON booleans and numbers,
    /// except for paths and symbols, and everything else stays a string (so <c>config set gc.grace 24h</c> needs no quotes).
    /// </summary>
    public static JsonNode ParseText(string key, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsText(key))
        {
            if (text is "true" or "false")
            {
                return JsonValue.Create(text == "true");
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }

            if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(text);
    }

    /// <summary>
    /// The dotted key's segments, or <see cref="ErrorCodes.ConfigKeyInvalid"/>: segments of letters, digits, '_' and
    /// '-', and never <c>hosts</c> (host overrides are written with <c>--host</c>).
    /// </summary>
    public static string[] Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = key.Split('.');
        if (segments.Any(s => s.Length == 0 || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new DataTasksException(ErrorCodes.ConfigKeyInvalid, $"'{key}' is not a configuration key; keys are words of letters, digits, '_' and '-' joined by dots, such as remote or s3.endpoint");
        }

        if (segments[0] == Hosts)
        {
            throw new DataTasksException(ErrorCodes.ConfigKeyInvalid, $"'{key}': host overrides are set with --host <glob> and the key inside them, such as 'config set cache /scratch/cache --host \"login*\"'");
        }

        return segments;
    }
}
