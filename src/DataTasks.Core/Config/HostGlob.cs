using System.Text;
using System.Text.RegularExpressions;

namespace DataTasks.Core.Config;

/// <summary>
/// A glob on a host name, the key of a host override (<c>"hosts": {"login*.hpc.example.edu": {…}}</c>): <c>*</c> is any
/// run of characters, <c>?</c> one character, <c>[abc]</c>, <c>[a-z]</c> and <c>[!a]</c> classes; matching ignores
/// case, as host names do. Anything else a host name cannot hold is refused, so a typo is an error, not a glob that
/// silently never matches.
/// </summary>
public sealed class HostGlob
{
    private readonly Regex regex;

    private HostGlob(string text, Regex regex)
    {
        Text = text;
        this.regex = regex;
    }

    /// <summary>The glob as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>, or throws <see cref="ErrorCodes.ConfigHostGlobInvalid"/> naming <paramref name="where"/>.</summary>
    /// <param name="text">The glob.</param>
    /// <param name="where">The file that holds it, for the message.</param>
    public static HostGlob Parse(string text, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pattern = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '*':
                    pattern.Append(".*");
                    break;
                case '?':
                    pattern.Append('.');
                    break;
                case '[':
                    var close = text.IndexOf(']', i + 1);
                    var body = close < 0 ? string.Empty : text[(i + 1)..close];
                    var negated = body.StartsWith('!');
                    var set = negated ? body[1..] : body;
                    if (close < 0 || set.Length == 0 || !set.All(ch => IsHostCharacter(ch) || ch == '-'))
                    {
                        throw Invalid(text, where, close < 0 ? "a '[' has no closing ']'" : "a [...] class must list host-name characters");
                    }

                    pattern.Append('[').Append(negated ? "^" : string.Empty).Append(Regex.Escape(set).Replace("\\-", "-", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    if (!IsHostCharacter(c))
                    {
                        throw Invalid(text, where, $"'{c}' cannot appear in a host name");
                    }

                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (text.Length == 0)
        {
            throw Invalid(text, where, "it is empty");
        }

        try
        {
            return new HostGlob(text, new Regex(pattern.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException ex)
        {
            // A class such as [z-a] is a reversed range: not a glob anyone meant.
            throw Invalid(text, where, $"a [...] class is not valid ({ex.Message})");
        }
    }

    /// <summary>True when <paramref name="hostName"/> matches the whole glob.</summary>
    /// <param name="hostName">The host name.</param>
    public bool Matches(string hostName) => regex.IsMatch(hostName);

    private static bool IsHostCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_';

    private static DataTasksException Invalid(string text, string where, string problem) =>
        new(ErrorCodes.ConfigHostGlobInvalid, $"{where}: host glob \"{text}\" is not a valid glob: {problem}; use *, ? and [a-z] with the letters, digits, '-', '_' and '.' of host names");
}
