using DataTasks.Core;

namespace DataTasks.Cli;

/// <summary>
/// A small POSIX-style argument reader: flags, options with a value (<c>--name value</c> or <c>--name=value</c>), and
/// positional arguments; <c>--</c> ends options. Unknown options are errors (DT0001), never ignored.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly List<string> args;
    private readonly HashSet<string> consumedFlags = new(StringComparer.Ordinal);

    public ArgumentReader(IEnumerable<string> args)
    {
        this.args = args.ToList();
    }

    /// <summary>Removes and returns whether the flag (any of its names) was given.</summary>
    public bool Flag(params string[] names)
    {
        var found = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                break;
            }

            if (names.Contains(args[i]))
            {
                args.RemoveAt(i);
                i--;
                found = true;
            }
        }

        foreach (var n in names)
        {
            consumedFlags.Add(n);
        }

        return found;
    }

    /// <summary>Removes and returns the value of an option (last one wins), or null.</summary>
    public string? Option(params string[] names) => Options(names).LastOrDefault();

    /// <summary>Removes and returns every value of a repeatable option.</summary>
    public List<string> Options(params string[] names)
    {
        var values = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                break;
            }

            foreach (var n in names)
            {
                if (a == n)
                {
                    if (i + 1 >= args.Count || args[i + 1] == "--")
                    {
                        throw new DataTasksException(ErrorCodes.Usage, $"option {n} needs a value");
                    }

                    values.Add(args[i + 1]);
                    args.RemoveRange(i, 2);
                    i--;
                    break;
                }

                if (n.StartsWith("--", StringComparison.Ordinal) && a.StartsWith(n + "=", StringComparison.Ordinal))
                {
                    values.Add(a[(n.Length + 1)..]);
                    args.RemoveAt(i);
                    i--;
                    break;
                }
            }
        }

        return values;
    }

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
            throw new DataTasksException(ErrorCodes.Usage, $"{names[0]} takes a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }

    /// <summary>Everything not taken yet, in order.</summary>
    public List<string> Remaining() => [.. args];

    /// <summary>The remaining positional arguments; an unknown option left over is an error.</summary>
    public List<string> Positionals(string command)
    {
        var result = new List<string>();
        var endOfOptions = false;
        foreach (var a in args)
        {
            if (!endOfOptions && a == "--")
            {
                endOfOptions = true;
                continue;
            }

            if (!endOfOptions && a.Length > 1 && a[0] == '-')
            {
                throw new DataTasksException(ErrorCodes.Usage, $"unknown option '{a}' for '{command}'; see 'dotnet data {command} --help'");
            }

            result.Add(a);
        }

        return result;
    }
}
