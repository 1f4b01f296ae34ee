namespace DataTasks.Core.Patterns;

/// <summary>
/// Reads git's <c>core.ignorecase</c> for the git repository holding a folder, from its config file, without
/// starting git: <c>git init</c> writes <c>ignorecase = true</c> there on a case-insensitive file system
/// (the default on Windows and macOS), so pattern files match as <c>.gitignore</c> does in the same clone.
/// </summary>
/// <remarks>
/// Only the repository's own config is read (<c>.git/config</c>, or the common folder's for a worktree whose
/// <c>.git</c> is a file); <c>include</c> directives and the global and system files are not followed. No git
/// repository, an unreadable config or no such key all mean false, git's default.
/// </remarks>
internal static class GitIgnoreCaseSetting
{
    /// <summary>The value of <c>core.ignorecase</c> for the git repository containing <paramref name="folder"/>.</summary>
    /// <param name="folder">A folder inside the working tree, such as the DataTasks repository root.</param>
    /// <returns>True when the repository's config sets <c>core.ignorecase</c> to a true value.</returns>
    public static bool Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            string? config = FindConfig(Path.GetFullPath(folder));
            return config is not null && Parse(File.ReadAllText(config));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The last <c>ignorecase</c> of a <c>[core]</c> section in git config text, as a git boolean (a bare key is
    /// true; <c>true</c>, <c>yes</c>, <c>on</c> and non-zero numbers are true); false when absent.
    /// </summary>
    internal static bool Parse(string configText)
    {
        bool inCore = false;
        bool value = false;
        foreach (string rawLine in configText.Split('\n'))
        {
            var line = rawLine.AsSpan().Trim();
            if (line.Length > 0 && line[0] == '[')
            {
                int close = line.IndexOf(']');
                if (close < 0)
                {
                    inCore = false;
                    continue;
                }

                // "[core]" (names are case-insensitive); "[core "x"]" is a subsection, another section.
                inCore = line[1..close].Trim().Equals("core", StringComparison.OrdinalIgnoreCase);
                line = line[(close + 1)..].TrimStart();
            }

            if (!inCore || line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            int equals = line.IndexOf('=');
            var key = (equals < 0 ? StripComment(line) : line[..equals]).Trim();
            if (!key.Equals("ignorecase", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            value = equals < 0 || IsTrue(StripComment(line[(equals + 1)..]).Trim().Trim('"'));
        }

        return value;
    }

    private static ReadOnlySpan<char> StripComment(ReadOnlySpan<char> s)
    {
        bool quoted = false;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && s[i] is '#' or ';')
            {
                return s[..i];
            }
        }

        return s;
    }

    private static bool IsTrue(ReadOnlySpan<char> v) =>
        v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase) ||
        v.Equals("on", StringComparison.OrdinalIgnoreCase) ||
        (long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long n) && n != 0);

    /// <summary>The config file of the nearest git repository at or above <paramref name="folder"/>.</summary>
    private static string? FindConfig(string folder)
    {
        for (var d = new DirectoryInfo(folder); d is not null; d = d.Parent)
        {
            string dotGit = Path.Join(d.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return ConfigOf(dotGit);
            }

            if (File.Exists(dotGit))
            {
                // A worktree or submodule: ".git" is a file saying "gitdir: <path>".
                string text = File.ReadAllText(dotGit).Trim();
                if (!text.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    return null;
                }

                return ConfigOf(Path.GetFullPath(text["gitdir:".Length..].Trim(), d.FullName));
            }
        }

        return null;
    }

    private static string ConfigOf(string gitDirectory)
    {
        // A linked worktree keeps its config in the common folder, named by "commondir" (relative or absolute).
        string commonDir = Path.Join(gitDirectory, "commondir");
        if (File.Exists(commonDir))
        {
            gitDirectory = Path.GetFullPath(File.ReadAllText(commonDir).Trim(), gitDirectory);
        }

        return Path.Join(gitDirectory, "config");
    }
}
