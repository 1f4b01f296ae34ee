using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Selection;

/// <summary>
/// Issue 14: `pull --pattern` selects entries with the SDK's MSBuild-style globs (Core's EntryGlob): `*` stays in one
/// folder, `**` spans folders, and a pattern that selects nothing is DT0601 as in the SDK, not a silent exit 0.
/// </summary>
[TestClass]
public sealed class PullPatternTests
{
    private static async Task<TempRepo> PushedTreeAsync()
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/top.bin", 1000, 1);
        repo.WriteRandom("data/sub/deep.bin", 1000, 2);
        repo.WriteRandom("data/sub/more/deeper.bin", 1000, 3);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        foreach (var p in new[] { "data/top.bin", "data/sub/deep.bin", "data/sub/more/deeper.bin" })
        {
            File.Delete(repo.PathOf(p));
        }

        Directory.Delete(repo.Cache, recursive: true);
        return repo;
    }

    [TestMethod]
    public async Task Pattern_WithOneStar_SelectsOnlyTheFolder_sDirectChildren()
    {
        using var repo = await PushedTreeAsync();

        var pull = await repo.RunOkAsync("pull", "--pattern", "data/*");

        Assert.IsTrue(repo.Exists("data/top.bin"), pull.ToString());
        Assert.IsFalse(repo.Exists("data/sub/deep.bin"), "data/* selected a file below a subfolder: " + pull);
        Assert.IsFalse(repo.Exists("data/sub/more/deeper.bin"), pull.ToString());
    }

    [TestMethod]
    public async Task Pattern_WithTwoStars_SelectsEveryDepth()
    {
        using var repo = await PushedTreeAsync();

        var pull = await repo.RunOkAsync("pull", "--pattern", "data/**");

        Assert.IsTrue(repo.Exists("data/top.bin"), pull.ToString());
        Assert.IsTrue(repo.Exists("data/sub/deep.bin"), pull.ToString());
        Assert.IsTrue(repo.Exists("data/sub/more/deeper.bin"), pull.ToString());
    }

    [TestMethod]
    public async Task Pattern_ThatSelectsNothing_IsDT0601_AndPullsNothing()
    {
        using var repo = await PushedTreeAsync();

        var pull = await repo.RunAsync("pull", "--pattern", "data/*.csv");

        Assert.AreEqual(2, pull.ExitCode, pull.ToString());
        StringAssert.StartsWith(pull.Stderr, "error DT0601:", pull.ToString());
        StringAssert.Contains(pull.Stderr, "data/*.csv", pull.ToString());
        Assert.IsFalse(repo.Exists("data/top.bin"), pull.ToString());
    }
}
