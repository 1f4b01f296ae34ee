using System.Diagnostics;
using System.Text;
using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

/// <summary>
/// Differential test: every (pattern file, path) case is answered by real <c>git check-ignore</c> (the pattern
/// file is the root <c>.gitignore</c> of a scratch repository) and by <see cref="PatternList"/>, and the two must
/// agree on the verdict and on which line decided it.
/// </summary>
/// <remarks>
/// File paths are asked in a repository where nothing but <c>.gitignore</c> exists on disk, so git treats the
/// last component as a non-directory (as <see cref="PatternList.IsMatch"/> does). Directory paths are asked in a
/// second repository in which they exist as real directories (git decides "directory" by lstat), and compared
/// with <see cref="PatternList.IsDirectoryMatch"/>. Each pattern set costs one batched
/// <c>git check-ignore --no-index --stdin -z -v -n</c> per repository, never one per path.
/// </remarks>
[TestClass]
public sealed class GitCheckIgnoreConformanceTests
{
    private static readonly string[] FilePaths = BuildFilePaths();
    private static readonly string[] DirectoryPaths = BuildDirectoryPaths(FilePaths);

    /// <summary>Pattern bodies used for the combinatorial single-pattern sets and the random multi-line sets.</summary>
    private static readonly string[] Bodies =
    [
        // No slash: basename match at any depth.
        "a", "b", "foo", "Foo", "data", "x.bin", "*.txt", "*.bin", "f*", "*o*", "foo*", "*oo", "ba*", "?", "??", "a?c",
        "[ab]", "[!a]*", "[^f]oo", "[a-c]*", "[]]", "[a-]", "[!]]*", "*", "**", "***", "fo[o]", "fo\\o", "\\#c", "#c",
        "\\!d", "!d", "e\\[1\\]", "e[1]", "e[[]1]", "a b", "a\\ b", "[[:alpha:]]", "[[:digit:]]*", "[[:upper:]]*",
        "[[:punct:]]*", "[[:space:]]*", "[[:alnum:]][[:alnum:]]", "é", "?\u00a9", "[é]", "*é", "??*", "*.*", ".*",
        "a\\", "[a", "[!", "a[", "\\*", "q\\*", "q*", "[[:bogus:]]", "[z-a]", "[a-z]b[a-z]",

        // With a slash: anchored to the root, matched as a whole path.
        "a/b", "foo/bar", "a/*", "*/b", "*/*", "a/**/b", "**/b", "**/foo", "a/**", "foo/**/*.txt", "a/*/foo",
        "**/foo/**", "data/**/", "foo**/bar", "a**/b", "a/b**", "a/**b", "**a/b", "a/***/b", "**/", "/**", "**/**",
        "a/**/**/b", "*/foo/*", "a/b/*", "foo/*.txt", "data/*/*", "a/?/b", "a/[bc]/foo", "a/[!b]/foo", "**/a/**",
        "**/*.txt", "x.bin/**", "e[1]/*", "é/*", "foo/**/", "a\\/b", "a/**\\/b", "**\\/b", "[/]", "a[/]b", "a?b",
        "a*b", "foo/", "**/data/",
    ];

    [TestMethod]
    public void HandWrittenPatternFiles_AgreeWithGit()
    {
        AssertConformance(HandWrittenSets());
    }

    [TestMethod]
    public void SinglePatternCombinations_AgreeWithGit()
    {
        var sets = new List<string>();
        foreach (string body in Bodies)
        {
            foreach (string prefix in new[] { "", "/" })
            {
                foreach (string suffix in new[] { "", "/" })
                {
                    if (prefix == "/" && body.StartsWith('/'))
                    {
                        continue;
                    }

                    sets.Add(prefix + body + suffix + "\n");
                }
            }
        }

        AssertConformance(sets);
    }

    [TestMethod]
    public void RandomPatternFiles_AgreeWithGit()
    {
        // A fixed seed keeps the table stable from run to run (and so reproducible on failure).
        var random = new Random(20240611);
        var sets = new List<string>();
        for (int i = 0; i < 150; i++)
        {
            int lines = random.Next(2, 7);
            var text = new StringBuilder();
            string newline = random.Next(4) == 0 ? "\r\n" : "\n";
            for (int j = 0; j < lines; j++)
            {
                string body = Bodies[random.Next(Bodies.Length)];
                string line = random.Next(10) switch
                {
                    0 or 1 or 2 => "!" + body,
                    3 => "/" + body.TrimStart('/'),
                    4 => body + "/",
                    5 => "!" + body + "/",
                    6 => body + "  ",
                    _ => body,
                };
                if (random.Next(12) == 0)
                {
                    text.Append("# comment").Append(newline);
                }

                if (random.Next(12) == 0)
                {
                    text.Append(newline);
                }

                text.Append(line);
                if (j < lines - 1 || random.Next(3) != 0)
                {
                    text.Append(newline);
                }
            }

            sets.Add(text.ToString());
        }

        AssertConformance(sets);
    }

    [TestMethod]
    public void HandWrittenPatternFiles_AgreeWithGit_WhenIgnoringCase()
    {
        AssertConformance(HandWrittenSets(), ignoreCase: true);
    }

    [TestMethod]
    public void SinglePatternCombinations_AgreeWithGit_WhenIgnoringCase()
    {
        AssertConformance([.. Bodies.SelectMany(body => new[] { body + "\n", "/" + body.TrimStart('/') + "/\n", "!x\n" + body + "\n!" + body.ToUpperInvariant() + "\n" })], ignoreCase: true);
    }

    [TestMethod]
    public void PatternFilesAreBytes_AsForGit()
    {
        // git skips a UTF-8 byte-order mark and decodes nothing else: a UTF-16 file is a handful of odd bytes, and
        // bytes that are not UTF-8 stay themselves (never U+FFFD, which would match a name holding U+FFFD).
        byte[][] files =
        [
            [0xEF, 0xBB, 0xBF, .. "foo\n#c\n"u8],
            [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. "foo\n"u8],
            [.. "foo\n"u8, 0xEF, 0xBB, 0xBF, .. "bar\n"u8],
            [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("foo\nbar\n*.txt\n")],
            [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("foo\n*\n")],
            [.. Encoding.Unicode.GetBytes("foo\n*\n")],
            [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes("foo\n")],
            [.. "caf"u8, 0xE9, (byte)'\n', .. "caf?\n"u8],
            [.. "*"u8, 0xFF, (byte)'\n', 0xC3, (byte)'\n', .. "x"u8, 0xBF, (byte)'*', (byte)'\n'],
            [.. "e\u00e9\n"u8, .. "??\n"u8, .. "[\u00a9]x\n"u8],
        ];
        var paths = new[] { "foo", "bar", "a.txt", "x", "caf\uFFFD", "caf\u00e9", "\uFFFD", "a\uFFFD", "e\u00e9", "\u00a9x", "\u00e9" };
        string root = Path.Combine(Path.GetTempPath(), "datatasks-checkignore-" + Guid.NewGuid().ToString("N"));
        string home = Path.Combine(root, "home");
        string repo = Path.Combine(root, "repo");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "gitconfig"), "");
        try
        {
            InitRepository(root, home, repo);
            var failures = new StringBuilder();
            foreach (var bytes in files)
            {
                string file = Path.Combine(repo, ".gitignore");
                File.WriteAllBytes(file, bytes);
                var list = PatternList.Load(file);
                foreach (var r in CheckIgnoreBytes(home, repo, paths))
                {
                    if (r.GitMatched != list.IsMatch(r.Path) || r.GitLine != (list.FindDecidingPattern(r.Path, isDirectory: false)?.LineNumber ?? 0))
                    {
                        failures.Append(Convert.ToHexString(bytes)).Append(" | ").Append(Quote(r.Path)).Append(" | git: ").Append(r.GitMatched).Append(" line ").Append(r.GitLine).AppendLine();
                    }
                }
            }

            Assert.AreEqual(string.Empty, failures.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void PathBytesThatAreNotUtf8_AreMatchedByTheirBytes()
    {
        var list = PatternList.Parse([.. "caf"u8, 0xE9, (byte)'\n', .. "x?y\n"u8, .. "[\u00e9]z\n"u8]);
        Assert.IsTrue(list.IsMatch([.. "caf"u8, 0xE9]));
        Assert.IsTrue(list.IsMatch([.. "d/caf"u8, 0xE9]));
        Assert.IsFalse(list.IsMatch("caf\uFFFD"), "the pattern's byte 0xE9 is not U+FFFD");
        Assert.IsFalse(list.IsMatch("caf\u00e9"), "the pattern's byte 0xE9 is not the UTF-8 of \u00e9");
        Assert.IsTrue(list.IsMatch([.. "x"u8, 0xFF, .. "y"u8]), "'?' matches one byte");
        Assert.IsFalse(list.IsMatch("x\u00e9y"), "'?' matches one byte, and \u00e9 is two");
        Assert.IsTrue(list.IsMatch([0xC3, .. "z"u8]), "a class matches one byte: the first of \u00e9");
    }

    [TestMethod]
    public void Harness_ReportsDisagreements_WhenTheMatcherIsWrong()
    {
        // Proves the comparison is real: a matcher that never matches must be caught.
        var sets = new[] { "*.txt\n", "foo/\n!foo/bar\n", "/a/**\n" };
        var results = RunGit(sets);
        Assert.IsTrue(results.Any(r => r.GitMatched), "git should have matched some of the paths");
        Assert.IsTrue(results.Any(r => !r.GitMatched), "git should have left some of the paths unmatched");

        var disagreements = Compare(results, _ => PatternList.Empty);
        Assert.AreEqual(results.Count(r => r.GitMatched), disagreements.Count);
        var message = Describe(disagreements, results.Count);
        StringAssert.Contains(message, "foo/bar", StringComparison.Ordinal);
    }

    [TestMethod]
    public void CaseTable_IsLargeAndCoversFilesAndDirectories()
    {
        Assert.IsGreaterThanOrEqualTo(150, FilePaths.Length);
        Assert.IsGreaterThanOrEqualTo(40, DirectoryPaths.Length);
        Assert.IsGreaterThanOrEqualTo(100, Bodies.Length);
        Assert.IsGreaterThanOrEqualTo(40, HandWrittenSets().Count);
    }

    private static List<string> HandWrittenSets() =>
    [
        "",
        "# only a comment\n\n   \n",
        "foo\n",
        "foo/\n",
        "/foo\n",
        "/foo/\n",
        "foo/\n!foo/bar\n",
        "foo/*\n!foo/bar\n",
        "foo/**\n!foo/bar\n",
        "/*\n!/foo\n",
        "/*\n!/foo/\n",
        "/*\n!/foo\n/foo/*\n!/foo/bar\n",
        "*\n!*/\n!*.txt\n",
        "*\n!*.txt\n",
        "*.txt\n!foo.txt\n",
        "!foo.txt\n*.txt\n",
        "data/\n!data/\n",
        "data\n!data/\n",
        "a/\n!a/b/\n",
        "**/a\n!**/a/b\n",
        "foo\r\n/bar\r\n!foo/foo\r\n",
        "foo\r\nbar",
        "foo\rbar\n",
        "\uFEFFfoo\n",
        "\uFEFF#foo\nbar\n",
        "\\#c\n",
        "#c\n",
        "\\!d\n",
        "!!d\n",
        "foo   \n",
        "foo\\ \n",
        "foo\\  \n",
        "a\\ b\n",
        "a b \n",
        "foo\t\n",
        "foo \\\n",
        "a\\\\b\n",
        "\n\n\nfoo\n\n",
        "   \nfoo\n",
        "!\n/\n!/\nfoo\n",
        "*\n!foo\n!bar\n",
        "a/**/\n",
        "**/b/\n!a/b/\n",
        "/a/b/\n!/a/b/foo\n",
        "x.bin/\n!x.bin/a\n",
        "*.bin\n!x.bin\n",
        "**\n!**/\n",
        "**\n!foo.txt\n",
        "*\n!*/\n",
        "é\n",
        "?\n!??\n",
        "[!a-z]*\n",
        "[[:xdigit:]]\n",
        "[[:graph:]]*\n!??*\n",
        "[[:lower:]][[:print:]]\n",
        "[[:cntrl:]]\n[[:blank:]]*\n",
        "foo\0bar\nb\n",
        "foo/bar\nfoo/bar/\n",
        "./foo\n",
        "foo/./bar\n",
        "/\n//\n///\n",
        "data/**/foo\n",
        "**/data/**/a\n",
        // core.ignorecase quirks: an escaped or bracketed upper-case letter is not folded.
        "\\Foo\n",
        "[F]oo\n",
        "F[O]o\n!f[o]O\n",
        "[A-Z]\n[[:upper:]]*\n!A\n",
    ];

    private static string[] BuildFilePaths()
    {
        var paths = new List<string>();
        string[] top =
        [
            "a", "b", "ab", "abc", "ba", "f", "foo", "Foo", "bar", "foo.txt", "bar.txt", "x.bin", "data", ".hidden",
            "a b", "#c", "!d", "e[1]", "é", "foobar", "q*", "a\\b", "1", "\u00a9x", "A", " x", "\tx", "\vx", "\fx",
            "\rx", "~x", "\u007fx", "]x", "-", "^x", "F00", "a.b.c",
        ];
        paths.AddRange(top);

        string[] level1 = ["a", "b", "foo", "Foo", "data", "ab", "x.bin", "e[1]", "é", "fooz"];
        string[] level2 = ["a", "b", "foo", "bar", "foo.txt", "x.bin", "abc", "data", "#c", "B"];
        foreach (string d1 in level1)
        {
            foreach (string n in level2)
            {
                paths.Add(d1 + "/" + n);
            }
        }

        foreach (string d1 in new[] { "a", "foo", "data" })
        {
            foreach (string d2 in new[] { "b", "foo", "a", "data", "x.bin" })
            {
                foreach (string n in new[] { "a", "b", "foo", "foo.txt", "bar" })
                {
                    paths.Add(d1 + "/" + d2 + "/" + n);
                }
            }
        }

        paths.AddRange(
        [
            "a/b/a/b", "foo/a/b/foo", "data/x/y/z.txt", "a/x/y/b", "foo/bar/baz/foo.txt", "a/b/c/d", "fooz/q/bar",
            "foox/a/b/bar", "a/b/b/b", "b/a/b/a", "x/foo/y/foo/z",
        ]);
        return [.. paths.Distinct(StringComparer.Ordinal)];
    }

    private static string[] BuildDirectoryPaths(string[] filePaths)
    {
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in filePaths)
        {
            for (int i = path.IndexOf('/'); i >= 0; i = path.IndexOf('/', i + 1))
            {
                directories.Add(path[..i]);
            }
        }

        foreach (string extra in new[] { "bar", "foo.txt", "abc", "f", "#c", "!d", "a b", "a/bar", "data/a/b/c" })
        {
            directories.Add(extra);
        }

        return [.. directories];
    }

    [TestMethod]
    public void PrefixDoubleStarSets_AreRecognised()
    {
        Assert.IsTrue(ChangedInGit252("foo**/bar\n"));
        Assert.IsTrue(ChangedInGit252("x\n!/a**/b/\n"));
        Assert.IsTrue(ChangedInGit252("a/b**\n"));
        Assert.IsFalse(ChangedInGit252("foo**\n"), "a basename pattern never had a prefix cut off");
        Assert.IsFalse(ChangedInGit252("**/foo\na/**/b\na/**b\n**a/b\n"));
    }

    private static void AssertConformance(IReadOnlyList<string> patternSets, bool ignoreCase = false)
    {
        if (GitVersion < new Version(2, 52))
        {
            // Older git cut the literal prefix off before wildmatch and took a "**" right after it for the start of
            // the pattern ("foo**/bar" matched "foo/y/bar"); DataTasks follows git 2.52 (WildmatchTests covers it).
            patternSets = [.. patternSets.Where(set => !ChangedInGit252(set))];
        }

        var results = RunGit(patternSets, ignoreCase);
        Assert.AreEqual(patternSets.Count * (FilePaths.Length + DirectoryPaths.Length), results.Count);
        var disagreements = Compare(results, text => PatternList.Parse(text, ignoreCase));
        if (disagreements.Count > 0)
        {
            Assert.Fail(Describe(disagreements, results.Count));
        }
    }

    /// <summary>The version of the git on PATH, e.g. 2.39.5.</summary>
    private static Version GitVersion => gitVersion ??= ReadGitVersion();

    private static Version? gitVersion;

    private static Version ReadGitVersion()
    {
        var home = Path.Combine(Path.GetTempPath(), "datatasks-gitversion-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            var (exitCode, stdout, stderr) = RunProcess(home, home, ["--version"], []);
            Assert.AreEqual(0, exitCode, "git --version failed: " + stderr);
            var match = System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(stdout), @"(\d+)\.(\d+)");
            Assert.IsTrue(match.Success, "cannot read the git version");
            return new Version(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Whether a line of the set is a path pattern (it has a slash) whose literal prefix is followed by "**": the
    /// only patterns git 2.52's match_pathname change (commit 1940a02dc1) answers differently.
    /// </summary>
    private static bool ChangedInGit252(string patternText)
    {
        foreach (string raw in patternText.Split('\n'))
        {
            string line = raw.TrimEnd('\r').TrimEnd(' ');
            if (line.StartsWith('!'))
            {
                line = line[1..];
            }

            line = line.TrimEnd('/');
            if (!line.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            line = line.StartsWith('/') ? line[1..] : line;
            int special = line.IndexOfAny(['*', '?', '[', '\\']);
            if (special > 0 && line[special - 1] != '/' && line.AsSpan(special).StartsWith("**", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static List<Disagreement> Compare(IReadOnlyList<CaseResult> results, Func<string, PatternList> parse)
    {
        var disagreements = new List<Disagreement>();
        var cache = new Dictionary<string, PatternList>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (!cache.TryGetValue(result.PatternText, out var list))
            {
                list = parse(result.PatternText);
                cache[result.PatternText] = list;
            }

            bool ours = result.IsDirectory ? list.IsDirectoryMatch(result.Path) : list.IsMatch(result.Path);
            var deciding = list.FindDecidingPattern(result.Path, result.IsDirectory);
            int ourLine = deciding?.LineNumber ?? 0;
            if (ours != result.GitMatched || ourLine != result.GitLine)
            {
                disagreements.Add(new Disagreement(result, ours, ourLine, deciding?.Source ?? ""));
            }
        }

        return disagreements;
    }

    private static string Describe(List<Disagreement> disagreements, int total)
    {
        var message = new StringBuilder();
        message.Append(disagreements.Count).Append(" of ").Append(total)
            .AppendLine(" cases disagree with git check-ignore (patterns | kind path | git | ours):");
        foreach (var d in disagreements.Take(200))
        {
            var r = d.Result;
            message.Append("  patterns=").Append(Quote(r.PatternText))
                .Append(" | ").Append(r.IsDirectory ? "dir " : "file ").Append(Quote(r.Path))
                .Append(" | git: ").Append(r.GitMatched ? "MATCH" : "no match")
                .Append(r.GitLine > 0 ? $" (line {r.GitLine} {Quote(r.GitPattern)})" : "")
                .Append(" | ours: ").Append(d.Ours ? "MATCH" : "no match")
                .Append(d.OurLine > 0 ? $" (line {d.OurLine} {Quote(d.OurPattern)})" : "")
                .AppendLine();
        }

        if (disagreements.Count > 200)
        {
            message.Append("  ... and ").Append(disagreements.Count - 200).AppendLine(" more");
        }

        return message.ToString();
    }

    private static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (char c in s)
        {
            b.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                '\uFEFF' => "\\uFEFF",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return b.Append('"').ToString();
    }

    /// <summary>Runs git for every pattern set: one process for the file paths, one for the directory paths.</summary>
    private static List<CaseResult> RunGit(IReadOnlyList<string> patternSets, bool ignoreCase = false)
    {
        string root = Path.Combine(Path.GetTempPath(), "datatasks-checkignore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            string fileRepo = Path.Combine(root, "files");
            string dirRepo = Path.Combine(root, "dirs");
            string home = Path.Combine(root, "home");
            Directory.CreateDirectory(home);
            File.WriteAllText(Path.Combine(home, "gitconfig"), "");
            InitRepository(root, home, fileRepo);
            InitRepository(root, home, dirRepo);
            foreach (string directory in DirectoryPaths)
            {
                Directory.CreateDirectory(Path.Combine(dirRepo, directory));
            }

            var results = new List<CaseResult>();
            foreach (string text in patternSets)
            {
                results.AddRange(CheckIgnore(home, fileRepo, text, FilePaths, isDirectory: false, ignoreCase));
                results.AddRange(CheckIgnore(home, dirRepo, text, DirectoryPaths, isDirectory: true, ignoreCase));
            }

            return results;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail the test.
            }
        }
    }

    private static void InitRepository(string workingDirectory, string home, string repo)
    {
        var (exitCode, _, stderr) = RunProcess(home, workingDirectory, ["init", "-q", repo], []);
        Assert.AreEqual(0, exitCode, "git init failed: " + stderr);

        // Nothing but the .gitignore under test may contribute patterns.
        File.WriteAllText(Path.Combine(repo, ".git", "info", "exclude"), "");
    }

    private static IEnumerable<CaseResult> CheckIgnore(string home, string repo, string patternText, string[] paths, bool isDirectory, bool ignoreCase)
    {
        File.WriteAllBytes(Path.Combine(repo, ".gitignore"), Encoding.UTF8.GetBytes(patternText));
        var input = new MemoryStream();
        foreach (string path in paths)
        {
            var bytes = Encoding.UTF8.GetBytes(path);
            input.Write(bytes);
            input.WriteByte(0);
        }

        var (exitCode, stdout, stderr) = RunProcess(
            home,
            repo,
            ["-c", ignoreCase ? "core.ignorecase=true" : "core.ignorecase=false", "-c", "core.excludesFile=" + Path.Combine(home, "no-such-file"),
             "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n"],
            input.ToArray());
        Assert.IsTrue(exitCode is 0 or 1, $"git check-ignore failed ({exitCode}) for {Quote(patternText)}: {stderr}");

        // -z -v -n: <source> NUL <line> NUL <pattern> NUL <path> NUL for every path, in input order.
        var fields = Encoding.UTF8.GetString(stdout).Split('\0');
        Assert.AreEqual(paths.Length * 4 + 1, fields.Length, $"unexpected git output for {Quote(patternText)}");
        var results = new List<CaseResult>(paths.Length);
        for (int i = 0; i < paths.Length; i++)
        {
            string source = fields[i * 4];
            string line = fields[i * 4 + 1];
            string pattern = fields[i * 4 + 2];
            string path = fields[i * 4 + 3];
            Assert.AreEqual(paths[i], path, "git answered out of order");
            bool matched = source.Length > 0 && !pattern.StartsWith('!');
            int lineNumber = source.Length > 0 ? int.Parse(line, System.Globalization.CultureInfo.InvariantCulture) : 0;
            results.Add(new CaseResult(patternText, paths[i], isDirectory, matched, lineNumber, pattern));
        }

        return results;
    }

    /// <summary>git check-ignore for <paramref name="paths"/> against the .gitignore already in <paramref name="repo"/>.</summary>
    private static List<CaseResult> CheckIgnoreBytes(string home, string repo, string[] paths)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(repo, ".gitignore")));
        var input = new MemoryStream();
        foreach (string path in paths)
        {
            input.Write(Encoding.UTF8.GetBytes(path));
            input.WriteByte(0);
        }

        var (exitCode, stdout, stderr) = RunProcess(
            home,
            repo,
            ["-c", "core.ignorecase=false", "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n"],
            input.ToArray());
        Assert.IsTrue(exitCode is 0 or 1, $"git check-ignore failed ({exitCode}): {stderr}");
        var fields = Encoding.UTF8.GetString(stdout).Split('\0');
        var results = new List<CaseResult>();
        for (int i = 0; i < paths.Length; i++)
        {
            string source = fields[i * 4];
            string pattern = fields[i * 4 + 2];
            bool matched = source.Length > 0 && !pattern.StartsWith('!');
            int lineNumber = source.Length > 0 ? int.Parse(fields[i * 4 + 1], System.Globalization.CultureInfo.InvariantCulture) : 0;
            results.Add(new CaseResult(text, paths[i], false, matched, lineNumber, pattern));
        }

        return results;
    }

    private static (int ExitCode, byte[] Stdout, string Stderr) RunProcess(string home, string workingDirectory, string[] arguments, byte[] stdin)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (string variable in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT" })
        {
            startInfo.Environment.Remove(variable);
        }

        startInfo.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        startInfo.Environment["GIT_CONFIG_GLOBAL"] = Path.Combine(home, "gitconfig");
        startInfo.Environment["HOME"] = home;
        startInfo.Environment["XDG_CONFIG_HOME"] = home;
        startInfo.Environment["LC_ALL"] = "C";

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("git did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail("git must be installed and on PATH for the conformance tests: " + e.Message);
            throw;
        }

        using (process)
        {
            var stdout = new MemoryStream();
            var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var stderrTask = process.StandardError.ReadToEndAsync();
            using (var input = process.StandardInput.BaseStream)
            {
                input.Write(stdin);
            }

            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("git did not finish within two minutes");
            }

            stdoutTask.GetAwaiter().GetResult();
            string stderr = stderrTask.GetAwaiter().GetResult();
            return (process.ExitCode, stdout.ToArray(), stderr);
        }
    }

    private sealed record CaseResult(string PatternText, string Path, bool IsDirectory, bool GitMatched, int GitLine, string GitPattern);

    private sealed record Disagreement(CaseResult Result, bool Ours, int OurLine, string OurPattern);
}
