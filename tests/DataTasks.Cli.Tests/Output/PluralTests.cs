using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Output;

/// <summary>Human messages count in the right number: "1 file", "2 files", "1 entry", "2 entries".</summary>
[TestClass]
public sealed class PluralTests
{
    [TestMethod]
    [DataRow(0L, "file", "0 files")]
    [DataRow(1L, "file", "1 file")]
    [DataRow(2L, "file", "2 files")]
    [DataRow(1L, "entry", "1 entry")]
    [DataRow(2L, "entry", "2 entries")]
    [DataRow(2L, "key", "2 keys")]
    public void Count_PicksTheNumber(long n, string noun, string expected) =>
        Assert.AreEqual(expected, Plural.Count(n, noun));

    [TestMethod]
    public async Task Push_OfOneFile_SaysOneFile()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/a.bin");

        var push = await repo.RunOkAsync("push");

        StringAssert.Contains(push.Stdout, "pushed 1 file (", push.ToString());
    }
}
