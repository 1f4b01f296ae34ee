using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13: fetch fills the machine cache for other revisions, so switching to them later works offline.</summary>
[TestClass]
public sealed class FetchTests
{
    private static async Task<(GitWorld World, byte[] B, byte[] C)> BranchesAsync(TempRepo repo)
    {
        var world = GitWorld.For(repo);
        await world.CommitDataAsync("data/a.bin", 2000, 1, "a");
        var main = world.Git(repo.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
        world.Git(repo.Root, "checkout", "-q", "-b", "feature");
        var b = await world.CommitDataAsync("data/b.bin", 3000, 2, "b");
        world.Git(repo.Root, "checkout", "-q", main);
        world.Git(repo.Root, "tag", "-a", "-m", "c", "v-c", "feature");
        world.Git(repo.Root, "checkout", "-q", "-b", "other");
        var c = await world.CommitDataAsync("data/c.bin", 4000, 3, "c");
        world.Git(repo.Root, "checkout", "-q", main);

        // Files of other branches stay on disk after a switch (data/ is not git's): remove them, as a fresh clone has none.
        File.Delete(repo.PathOf("data/b.bin"));
        File.Delete(repo.PathOf("data/c.bin"));
        return (world, b, c);
    }

    [TestMethod]
    public async Task FetchOfABranch_FillsAnEmptyCache_SoItsCheckoutHydratesOffline()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, b, _) = await BranchesAsync(repo);
        TempDir.DeleteDirectory(repo.Cache);

        var fetch = await repo.RunAsync("fetch", "feature");
        Assert.AreEqual(0, fetch.ExitCode, fetch.ToString());
        StringAssert.Contains(fetch.Stdout, "fetched 2 objects");
        Assert.IsFalse(repo.Exists("data/b.bin"), "fetch writes no working tree file");

        Directory.Move(repo.Remote, repo.Remote + ".offline");
        world.Git(repo.Root, "checkout", "-q", "feature");
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(b, repo.Read("data/b.bin"));
    }

    [TestMethod]
    public async Task FetchAllRefs_TakesEveryBranchAndTag_AndASecondRunFetchesNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        await BranchesAsync(repo);
        TempDir.DeleteDirectory(repo.Cache);

        var first = await repo.RunAsync("fetch", "--all-refs");
        var second = await repo.RunAsync("fetch", "--all-refs");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        StringAssert.Contains(first.Stdout, "fetched 3 objects");
        StringAssert.Contains(second.Stdout, "fetched 0 objects (0B) into the machine cache; 3 already there");
    }

    [TestMethod]
    public async Task FetchOfANameThatIsNoRevision_IsDT0502()
    {
        using var repo = await TempRepo.CreateAsync();
        await BranchesAsync(repo);

        var result = await repo.RunAsync("fetch", "no-such-branch");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error DT0502:");
    }
}
