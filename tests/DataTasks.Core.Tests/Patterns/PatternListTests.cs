using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

[TestClass]
public sealed class PatternListTests
{
    [TestMethod]
    public void Empty_MatchesNothing()
    {
        Assert.IsTrue(PatternList.Empty.IsEmpty);
        Assert.AreEqual(0, PatternList.Empty.Count);
        Assert.IsFalse(PatternList.Empty.IsMatch("a"));
        Assert.IsFalse(PatternList.Empty.IsDirectoryMatch("a"));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\n\n")]
    [DataRow("# comment\n\n   \n#another")]
    [DataRow("\r\n# c\r\n")]
    [DataRow("!\n/\n!/\n")]
    public void Parse_WithoutEffectiveLines_IsEmpty(string text)
    {
        var list = PatternList.Parse(text);
        Assert.IsTrue(list.IsEmpty);
        Assert.AreEqual(0, list.Count);
        Assert.IsFalse(list.IsMatch("anything"));
    }

    [TestMethod]
    public void Count_IncludesNegationsAndSkipsCommentsAndBlanks()
    {
        var list = PatternList.Parse("# header\n*.bin\n\n!keep.bin\n   \ndata/\n");
        Assert.AreEqual(3, list.Count);
        Assert.IsFalse(list.IsEmpty);
    }

    [TestMethod]
    // Basename patterns match at any depth.
    [DataRow("foo", "foo", true)]
    [DataRow("foo", "a/foo", true)]
    [DataRow("foo", "a/b/foo", true)]
    [DataRow("foo", "foobar", false)]
    [DataRow("foo", "foo/bar", true)] // parent directory matched
    [DataRow("*.bin", "x.bin", true)]
    [DataRow("*.bin", "deep/er/x.bin", true)]
    [DataRow("*.bin", "x.bin.txt", false)]
    [DataRow("*.bin", "x.bin/inner.txt", true)]
    // Anchoring: a leading or middle slash anchors to the root.
    [DataRow("/foo", "foo", true)]
    [DataRow("/foo", "a/foo", false)]
    [DataRow("a/foo", "a/foo", true)]
    [DataRow("a/foo", "b/a/foo", false)]
    [DataRow("a/*.txt", "a/x.txt", true)]
    [DataRow("a/*.txt", "a/b/x.txt", false)]
    // Directory-only patterns.
    [DataRow("foo/", "foo", false)]
    [DataRow("foo/", "foo/bar.txt", true)]
    [DataRow("foo/", "a/foo/bar.txt", true)]
    [DataRow("/foo/", "a/foo/bar.txt", false)]
    [DataRow("a/b/", "a/b/c", true)]
    [DataRow("a/b/", "a/b", false)]
    // Wildcards.
    [DataRow("?", "a", true)]
    [DataRow("?", "ab", false)]
    [DataRow("a?c", "abc", true)]
    [DataRow("a?c", "a/c", false)]
    [DataRow("a*c", "a/c", false)]
    [DataRow("*", "a/b/c", true)]
    [DataRow("[ab]x", "bx", true)]
    [DataRow("[ab]x", "cx", false)]
    [DataRow("[a-c]x", "bx", true)]
    [DataRow("[!a-c]x", "bx", false)]
    [DataRow("[!a-c]x", "dx", true)]
    [DataRow("[^a-c]x", "dx", true)]
    [DataRow("[]]", "]", true)]
    [DataRow("[[:digit:]]*", "7z", true)]
    [DataRow("[[:digit:]]*", "z7", false)]
    // Escapes.
    [DataRow("\\#c", "#c", true)]
    [DataRow("\\!d", "!d", true)]
    [DataRow("\\*", "*", true)]
    [DataRow("\\*", "x", false)]
    [DataRow("fo\\o", "foo", true)]
    // Comments and trailing spaces.
    [DataRow("#c", "#c", false)]
    [DataRow("foo   ", "foo", true)]
    [DataRow("foo   ", "foo   ", false)]
    [DataRow("foo\\ ", "foo ", true)]
    [DataRow("foo\\  ", "foo ", true)]
    [DataRow("foo\t", "foo\t", true)] // only spaces are trimmed
    // Double asterisks.
    [DataRow("**/foo", "foo", true)]
    [DataRow("**/foo", "a/b/foo", true)]
    [DataRow("**/foo/bar", "x/foo/bar", true)]
    [DataRow("abc/**", "abc/x", true)]
    [DataRow("abc/**", "abc/x/y", true)]
    [DataRow("abc/**", "abc", false)]
    [DataRow("a/**/b", "a/b", true)]
    [DataRow("a/**/b", "a/x/b", true)]
    [DataRow("a/**/b", "a/x/y/b", true)]
    [DataRow("a/**/b", "x/a/b", false)]
    [DataRow("a/**b", "a/xb", true)]
    [DataRow("a/**b", "a/x/b", false)] // not "/**/": a plain '*'
    [DataRow("a**/b", "ax/b", true)]
    [DataRow("foo**/bar", "fooz/q/bar", false)] // git 2.52: the "**" after a literal prefix is a plain "*" too
    [DataRow("foo**/bar", "fooz/bar", true)]
    // Case-sensitive.
    [DataRow("foo", "Foo", false)]
    [DataRow("*.BIN", "x.bin", false)]
    // Non-ASCII: matched as UTF-8 bytes, exactly as git does.
    [DataRow("é", "é", true)]
    [DataRow("?", "é", false)]
    [DataRow("??", "é", true)]
    public void IsMatch_FollowsGitignoreRules(string pattern, string path, bool expected)
    {
        Assert.AreEqual(expected, PatternList.Parse(pattern).IsMatch(path), $"pattern '{pattern}' path '{path}'");
    }

    [TestMethod]
    [DataRow("*.bin\n!keep.bin", "keep.bin", false)]
    [DataRow("*.bin\n!keep.bin", "x.bin", true)]
    [DataRow("!keep.bin\n*.bin", "keep.bin", true)] // last match wins
    [DataRow("foo/\n!foo/bar", "foo/bar", true)] // cannot re-include under an excluded directory
    [DataRow("foo/*\n!foo/bar", "foo/bar", false)] // the directory itself is not excluded: re-include works
    [DataRow("foo/*\n!foo/bar", "foo/baz", true)]
    [DataRow("foo/*\n!foo/bar", "foo/bar/x", false)]
    [DataRow("/*\n!/data\n/data/*\n!/data/keep", "data/keep/x.csv", false)]
    [DataRow("/*\n!/data\n/data/*\n!/data/keep", "data/other/x.csv", true)]
    [DataRow("/*\n!/data\n/data/*\n!/data/keep", "top.txt", true)]
    [DataRow("*\n!*/\n!*.csv", "a/b/x.csv", false)]
    [DataRow("*\n!*/\n!*.csv", "a/b/x.bin", true)]
    [DataRow("\\!d\n!!d", "!d", false)]
    public void IsMatch_HandlesNegationAndOrder(string text, string path, bool expected)
    {
        Assert.AreEqual(expected, PatternList.Parse(text).IsMatch(path), $"patterns '{text}' path '{path}'");
    }

    [TestMethod]
    [DataRow("foo/", "foo", true)]
    [DataRow("foo/", "a/foo", true)]
    [DataRow("foo/", "foo/", true)]
    [DataRow("foo", "foo", true)]
    [DataRow("foo/", "food", false)]
    [DataRow("foo/", "foo/sub", true)] // under a matched directory
    [DataRow("abc/**", "abc", false)]
    [DataRow("abc/**", "abc/x", true)]
    [DataRow("*.bin", "x.bin", true)]
    [DataRow("data/\n!data/", "data", false)]
    [DataRow("foo/*\n!foo/bar", "foo/bar", false)]
    [DataRow("foo/\n!foo/bar/", "foo/bar", true)]
    [DataRow("foo", "", false)]
    public void IsDirectoryMatch_TreatsTheLastComponentAsADirectory(string text, string directory, bool expected)
    {
        Assert.AreEqual(expected, PatternList.Parse(text).IsDirectoryMatch(directory), $"patterns '{text}' dir '{directory}'");
    }

    [TestMethod]
    public void Parse_HandlesCrLfAndByteOrderMark()
    {
        var list = PatternList.Parse("\uFEFF*.bin\r\n!keep.bin\r\ndata/\r\n");
        Assert.AreEqual(3, list.Count);
        Assert.IsTrue(list.IsMatch("x.bin"));
        Assert.IsFalse(list.IsMatch("keep.bin"));
        Assert.IsTrue(list.IsMatch("data/x"));
        Assert.IsFalse(list.IsMatch("data"));
    }

    [TestMethod]
    public void Parse_ByteOrderMarkDoesNotHideAComment()
    {
        Assert.IsTrue(PatternList.Parse("\uFEFF#foo").IsEmpty);
    }

    [TestMethod]
    public void Parse_LastLineWithoutNewlineCounts()
    {
        var list = PatternList.Parse("a\nb");
        Assert.AreEqual(2, list.Count);
        Assert.IsTrue(list.IsMatch("b"));
    }

    [TestMethod]
    public void Parse_LoneCarriageReturnIsPartOfThePattern()
    {
        // git only strips a CR that precedes LF.
        var list = PatternList.Parse("foo\rbar\n");
        Assert.AreEqual(1, list.Count);
        Assert.IsFalse(list.IsMatch("foo"));
        Assert.IsTrue(list.IsMatch("foo\rbar"));
    }

    [TestMethod]
    public void Load_MissingFile_ReturnsEmpty()
    {
        string path = Path.Combine(Path.GetTempPath(), "datatasks-missing-" + Guid.NewGuid().ToString("N"), ".dataignore");
        Assert.AreSame(PatternList.Empty, PatternList.Load(path));
    }

    [TestMethod]
    public void Load_ReadsAndParsesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "datatasks-pattern-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "# large files\r\n*.parquet\r\n!small.parquet\r\n");
        try
        {
            var list = PatternList.Load(path);
            Assert.AreEqual(2, list.Count);
            Assert.IsTrue(list.IsMatch("tables/big.parquet"));
            Assert.IsFalse(list.IsMatch("tables/small.parquet"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void FromGlobs_TreatsEachStringAsOneLine()
    {
        var list = PatternList.FromGlobs(["data/**/*.csv", "!data/keep/*.csv", "  ", "# not a pattern", "*.bin  "]);
        Assert.AreEqual(3, list.Count);
        Assert.IsTrue(list.IsMatch("data/a/b.csv"));
        Assert.IsFalse(list.IsMatch("data/keep/b.csv"));
        Assert.IsTrue(list.IsMatch("x/y.bin"));
        Assert.IsFalse(list.IsMatch("# not a pattern"));
    }

    [TestMethod]
    public void FromGlobs_WithNothing_IsEmpty()
    {
        Assert.AreSame(PatternList.Empty, PatternList.FromGlobs([]));
    }

    [TestMethod]
    public void FromGlobs_RejectsNullAndMultiLineEntries()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => PatternList.FromGlobs(null!));
        Assert.ThrowsExactly<ArgumentException>(() => PatternList.FromGlobs(["a", null!]));
        Assert.ThrowsExactly<ArgumentException>(() => PatternList.FromGlobs(["a\nb"]));
    }

    [TestMethod]
    public void NullArguments_Throw()
    {
        var list = PatternList.Parse("a");
        Assert.ThrowsExactly<ArgumentNullException>(() => PatternList.Parse((string)null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => PatternList.Load(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => list.IsMatch((string)null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => list.IsDirectoryMatch(null!));
    }

    [TestMethod]
    public void IsMatch_EmptyPath_IsFalse()
    {
        Assert.IsFalse(PatternList.Parse("*").IsMatch(""));
    }

    [TestMethod]
    public void IsMatch_LongPaths_Work()
    {
        // Longer than the stack buffer, so the pooled buffer is used.
        string deep = string.Join('/', Enumerable.Range(0, 200).Select(i => "dir" + i)) + "/file.bin";
        var list = PatternList.Parse("*.bin\n!dir150/\n");
        Assert.IsTrue(list.IsMatch(deep));
        Assert.IsFalse(PatternList.Parse("*.txt").IsMatch(deep));
        Assert.IsTrue(PatternList.Parse("dir150/").IsMatch(deep));
        Assert.IsTrue(PatternList.Parse("/dir0/**/dir199/*.bin").IsMatch(deep));
    }

    [TestMethod]
    public void IsMatch_DoesNotAllocate()
    {
        var list = PatternList.Parse("*.bin\n!keep.bin\ndata/\n/build/**\n**/cache/*.tmp\n[a-c]?x*\n");
        string[] paths = ["src/app/main.cs", "data/raw/x.csv", "a/b/c/d/keep.bin", "build/out/a.dll", "x/cache/y.tmp", "abxyz"];
        foreach (string path in paths)
        {
            list.IsMatch(path);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (list.IsMatch(paths[i % paths.Length]))
            {
                matched++;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(6666, matched); // 4 of the 6 paths match
        Assert.IsLessThan(1024, allocated, $"IsMatch allocated {allocated} bytes for 10,000 calls");
    }

    [TestMethod]
    public void IsMatch_IsSafeToCallConcurrently()
    {
        var list = PatternList.Parse("*.bin\n!keep.bin\n");
        int wrong = 0;
        Parallel.For(0, 20_000, i =>
        {
            bool expected = i % 2 == 0;
            if (list.IsMatch(expected ? $"d{i}/f.bin" : $"d{i}/keep.bin") != expected)
            {
                Interlocked.Increment(ref wrong);
            }
        });
        Assert.AreEqual(0, wrong);
    }
}
