using System.Text;
using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

/// <summary>
/// Cases of git's t/t3070-wildmatch.sh (columns: wildmatch = WM_PATHNAME, iwildmatch = WM_PATHNAME|WM_CASEFOLD,
/// pathmatch = no flag, ipathmatch = WM_CASEFOLD), and of t/t0008-ignores.sh for <c>**</c> after a literal prefix
/// (git 2.52, commit 1940a02dc1).
/// </summary>
[TestClass]
public sealed class WildmatchTests
{
    [TestMethod]
    // Extended slash-matching features.
    [DataRow("foo/baz/bar", "foo*bar", 0, 0, 1, 1)]
    [DataRow("foo/baz/bar", "foo**bar", 0, 0, 1, 1)]
    [DataRow("foobazbar", "foo**bar", 1, 1, 1, 1)]
    [DataRow("foo/baz/bar", "foo/**/bar", 1, 1, 1, 1)]
    [DataRow("foo/baz/bar", "foo/**/**/bar", 1, 1, 0, 0)]
    [DataRow("foo/b/a/z/bar", "foo/**/bar", 1, 1, 1, 1)]
    [DataRow("foo/b/a/z/bar", "foo/**/**/bar", 1, 1, 1, 1)]
    [DataRow("foo/bar", "foo/**/bar", 1, 1, 0, 0)]
    [DataRow("foo/bar", "foo/**/**/bar", 1, 1, 0, 0)]
    [DataRow("foo/bar", "foo?bar", 0, 0, 1, 1)]
    [DataRow("foo/bar", "foo[/]bar", 0, 0, 1, 1)]
    [DataRow("foo/bar", "foo[^a-z]bar", 0, 0, 1, 1)]
    [DataRow("foo", "**/foo", 1, 1, 0, 0)]
    [DataRow("XXX/foo", "**/foo", 1, 1, 1, 1)]
    [DataRow("bar/baz/foo", "**/foo", 1, 1, 1, 1)]
    [DataRow("bar/baz/foo", "*/foo", 0, 0, 1, 1)]
    [DataRow("foo/bar/baz", "**/bar*", 0, 0, 1, 1)]
    [DataRow("deep/foo/bar/baz", "**/bar/*", 1, 1, 1, 1)]
    [DataRow("deep/foo/bar/baz/", "**/bar/*", 0, 0, 1, 1)]
    [DataRow("deep/foo/bar/baz/", "**/bar/**", 1, 1, 1, 1)]
    [DataRow("deep/foo/bar", "**/bar/*", 0, 0, 0, 0)]
    [DataRow("deep/foo/bar/", "**/bar/**", 1, 1, 1, 1)]
    [DataRow("foo/bar/baz", "**/bar**", 0, 0, 1, 1)]
    [DataRow("foo/bar/baz/x", "*/bar/**", 1, 1, 1, 1)]
    [DataRow("deep/foo/bar/baz/x", "*/bar/**", 0, 0, 1, 1)]
    [DataRow("deep/foo/bar/baz/x", "**/bar/*/*", 1, 1, 1, 1)]
    [DataRow("ten", "**[!te]", 1, 1, 1, 1)]
    [DataRow("ten", "**[!ten]", 0, 0, 0, 0)]
    // Extra pathmatch tests.
    [DataRow("foo/bba/arr", "foo/*", 0, 0, 1, 1)]
    [DataRow("foo/bba/arr", "foo/**", 1, 1, 1, 1)]
    [DataRow("foo/bba/arr", "foo*", 0, 0, 1, 1)]
    [DataRow("foo/bba/arr", "foo**", 0, 0, 1, 1)]
    [DataRow("foo/bba/arr", "foo/*arr", 0, 0, 1, 1)]
    [DataRow("foo/bba/arr", "foo/**arr", 0, 0, 1, 1)]
    [DataRow("foo/bba/arr", "foo/*z", 0, 0, 0, 0)]
    [DataRow("foo/bba/arr", "foo/**z", 0, 0, 0, 0)]
    [DataRow("ab/cXd/efXg/hi", "**/*X*/**/*i", 1, 1, 1, 1)]
    [DataRow("ab/cXd/efXg/hi", "*Xg*i", 0, 0, 1, 1)]
    [DataRow("abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", "**/*a*b*g*n*t", 1, 1, 1, 1)]
    [DataRow("abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", "**/*a*b*g*n*t", 0, 0, 0, 0)]
    // Extra case-sensitivity tests.
    [DataRow("a", "[A-Z]", 0, 1, 0, 1)]
    [DataRow("A", "[A-Z]", 1, 1, 1, 1)]
    [DataRow("A", "[a-z]", 0, 1, 0, 1)]
    [DataRow("a", "[a-z]", 1, 1, 1, 1)]
    [DataRow("a", "[[:upper:]]", 0, 1, 0, 1)]
    [DataRow("A", "[[:upper:]]", 1, 1, 1, 1)]
    [DataRow("A", "[[:lower:]]", 0, 1, 0, 1)]
    [DataRow("a", "[[:lower:]]", 1, 1, 1, 1)]
    [DataRow("A", "[B-Za]", 0, 1, 0, 1)]
    [DataRow("a", "[B-Za]", 1, 1, 1, 1)]
    [DataRow("A", "[B-a]", 0, 1, 0, 1)]
    [DataRow("a", "[B-a]", 1, 1, 1, 1)]
    [DataRow("z", "[Z-y]", 0, 1, 0, 1)]
    [DataRow("Z", "[Z-y]", 1, 1, 1, 1)]
    public void Wildmatch_AgreesWithT3070(string text, string pattern, int wildmatch, int iwildmatch, int pathmatch, int ipathmatch)
    {
        byte[] p = Encoding.UTF8.GetBytes(pattern);
        byte[] t = Encoding.UTF8.GetBytes(text);
        Assert.AreEqual(wildmatch == 1, Wildmatch.IsMatch(p, t, WildmatchFlags.PathName), "wildmatch");
        Assert.AreEqual(iwildmatch == 1, Wildmatch.IsMatch(p, t, WildmatchFlags.PathName | WildmatchFlags.CaseFold), "iwildmatch");
        Assert.AreEqual(pathmatch == 1, Wildmatch.IsMatch(p, t, WildmatchFlags.None), "pathmatch");
        Assert.AreEqual(ipathmatch == 1, Wildmatch.IsMatch(p, t, WildmatchFlags.CaseFold), "ipathmatch");
    }

    [TestMethod]
    // t0008 "** not confused by matching leading prefix": check-ignore foobar foo/bar prints only foo/bar.
    [DataRow("foo**/bar", "foobar", false)]
    [DataRow("foo**/bar", "foo/bar", true)]
    [DataRow("foo**/bar", "foo/y/bar", false)]
    [DataRow("foo**/bar", "fooX/bar", true)]
    [DataRow("foo**/bar", "foo/y/z/bar", false)]
    // A '**' next to other characters is an ordinary '*', whether or not a literal prefix precedes it.
    [DataRow("a**/b", "ab", false)]
    [DataRow("a**/b", "a/x/b", false)]
    [DataRow("a**/b", "ax/b", true)]
    [DataRow("/foo**/bar", "foobar", false)]
    [DataRow("/foo**/bar", "foo/y/bar", false)]
    [DataRow("x/foo**/bar", "x/foo/y/bar", false)]
    [DataRow("foo/**/bar", "foo/bar", true)]
    [DataRow("foo/**/bar", "foo/y/z/bar", true)]
    [DataRow("data/**", "data/a/b", true)]
    public void DoubleStarAfterLiteralPrefix_IsAnOrdinaryStar(string pattern, string path, bool expected)
    {
        var list = PatternList.Parse(pattern + "\n");
        Assert.AreEqual(expected, list.IsMatch(path), $"'{pattern}' against '{path}'");
    }
}
