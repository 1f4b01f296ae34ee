using DataTasks.Core.Text;

namespace DataTasks.Core.Tests.Text;

/// <summary>Counted nouns in the number the count needs, for the CLI's and the SDK's messages alike.</summary>
[TestClass]
public sealed class PluralTests
{
    [TestMethod]
    [DataRow(0L, "file", "0 files")]
    [DataRow(1L, "file", "1 file")]
    [DataRow(2L, "file", "2 files")]
    [DataRow(-1L, "file", "-1 files")]
    [DataRow(1L, "entry", "1 entry")]
    [DataRow(2L, "entry", "2 entries")]
    [DataRow(2L, "key", "2 keys")]
    [DataRow(3L, "day", "3 days")]
    [DataRow(1000000L, "object", "1000000 objects")]
    public void Count_PutsTheNounInTheNumberOfTheCount(long n, string noun, string expected) =>
        Assert.AreEqual(expected, Plural.Count(n, noun));

    [TestMethod]
    [DataRow(1L, "is")]
    [DataRow(0L, "are")]
    [DataRow(5L, "are")]
    public void Noun_TakesTheGivenIrregularPlural_ForAnyCountButOne(long n, string expected) =>
        Assert.AreEqual(expected, Plural.Noun(n, "is", "are"));

    [TestMethod]
    public void Count_WithAnIrregularPlural_UsesIt() =>
        Assert.AreEqual("2 children", Plural.Count(2, "child", "children"));

    [TestMethod]
    public void Noun_OfAnEmptyNoun_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => Plural.Noun(2, string.Empty));
}
