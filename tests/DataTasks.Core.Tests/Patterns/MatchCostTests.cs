using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

/// <summary>
/// A pattern must never cost more than polynomial time in the length of the name (git 2.41, commit 1f2e05f0b7,
/// "wildmatch: fix exponential behavior"). Each case never finishes with an exponential matcher; the 5 s bound is
/// generous by orders of magnitude (git takes milliseconds).
/// </summary>
[TestClass]
public sealed class MatchCostTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [TestMethod]
    // Basename patterns (no slash): wildmatch without WM_PATHNAME.
    [DataRow("*a*a*a*a*a*a", "b")]
    [DataRow("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", "b")]
    [DataRow("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*ab", "c")]
    // Path patterns (with a slash): wildmatch with WM_PATHNAME, single stars and "**/".
    [DataRow("x/*a*a*a*a*a*a*a*a*a*a*a*a", "b")]
    [DataRow("**/*a*a*a*a*a*a*a*a*a*a*a*a", "b")]
    [DataRow("x/**/*a*a*a*a*a*a*a*a*a*a*a*a/c", "b")]
    [DataRow("x/*a*a*a*a*a*a*a*a*a*a*a*a*c/c", "b")]
    public void ManyStars_FailToMatchInPolynomialTime(string pattern, string tail)
    {
        var list = PatternList.Parse(pattern + "\n");
        string name = new string('a', 200) + tail;
        string[] paths = pattern.Contains('/') ? ["x/" + name, "x/" + name + "/c", "x/" + name + "/" + name] : [name, "d/" + name];
        foreach (string path in paths)
        {
            // The matcher runs on a pool thread so that a runaway match fails the test instead of hanging it.
            var match = Task.Run(() => list.IsMatch(path) || list.IsDirectoryMatch(path));
            Assert.IsTrue(match.Wait(Bound), $"'{pattern}' against '{path}' did not finish within {Bound.TotalSeconds} s");
            Assert.IsFalse(match.Result, $"'{pattern}' must not match '{path}'");
        }
    }

    [TestMethod]
    // git 2.41+ itself is still exponential here: a "**/" that matches no directory tries the rest of the pattern
    // and ignores that it failed for good; DataTasks remembers such results instead.
    [DataRow("**/**/**/**/**/**/**/**/**/**/**/**/b")]
    [DataRow("**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/b")]
    [DataRow("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b")]
    [DataRow("**/*/**/*/**/*/**/*/**/*/**/*/**/*/**/*/**/*/**/*/**/b")]
    [DataRow("*/**/*/**/*/**/*/**/*/**/*/**/b")]
    [DataRow("**/a*/**/a*/**/a*/**/a*/**/a*/**/b")]
    public void DoubleStarChains_FailToMatchDeepPathsInPolynomialTime(string pattern)
    {
        var list = PatternList.Parse(pattern + "\n");
        foreach (string path in new[] { string.Join("/", Enumerable.Repeat("a", 120)), string.Join("/", Enumerable.Repeat("aa", 100)) })
        {
            var match = Task.Run(() => list.IsMatch(path) || list.IsDirectoryMatch(path));
            Assert.IsTrue(match.Wait(Bound), $"'{pattern}' against a path of {path.Length} bytes did not finish within {Bound.TotalSeconds} s");
            Assert.IsFalse(match.Result, $"'{pattern}' must not match '{path}'");
        }

        Assert.IsTrue(list.IsMatch(string.Join("/", Enumerable.Repeat("a", 120)) + "/b"));
    }

    [TestMethod]
    public void ManyStars_StillMatchWhatTheyShould()
    {
        var list = PatternList.Parse("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a\n");
        Assert.IsTrue(list.IsMatch(new string('a', 200)));
        Assert.IsTrue(list.IsMatch("d/" + new string('a', 16)));
        Assert.IsFalse(list.IsMatch(new string('a', 15)));
        var path = PatternList.Parse("x/**/*a*a*a*a*a*a*a*a*a*a*a*a/c\n");
        Assert.IsTrue(path.IsMatch("x/" + new string('a', 200) + "/c"));
        Assert.IsTrue(path.IsMatch("x/y/z/" + new string('a', 12) + "/c"));
        Assert.IsFalse(path.IsMatch("x/y/" + new string('a', 11) + "/c"));
    }
}
