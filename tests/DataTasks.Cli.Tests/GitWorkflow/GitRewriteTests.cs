using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13: the data follows git through rebase, cherry-pick, stash and worktrees.</summary>
[TestClass]
public sealed class GitRewriteTests
{
    /// <summary>A base commit, then 'feature' adding data/b.bin and the first branch adding data/c.bin.</summary>
    private static async Task<(GitWorld World, string Main, byte[] C)> DivergedAsync(TempRepo repo)
    {
        var world = GitWorld.For(repo);
        await world.CommitDataAsync("data/a.bin", 2000, 1, "a");
        var main = world.Git(repo.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
        world.Git(repo.Root, "checkout", "-q", "-b", "feature");
        await world.CommitDataAsync("data/b.bin", 3000, 2, "b");
        world.Git(repo.Root, "checkout", "-q", main);
        var c = await world.CommitDataAsync("data/c.bin", 4000, 3, "c");
        world.Git(repo.Root, "checkout", "-q", "feature");
        File.Delete(repo.PathOf("data/c.bin"));
        return (world, main, c);
    }

    [TestMethod]
    public async Task Rebase_MergesTheManifestWithTheDriver_AndPostRewriteHydrates()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, main, c) = await DivergedAsync(repo);

        var rebase = world.TryGit(repo.Root, "rebase", "-q", main);

        Assert.AreEqual(0, rebase.ExitCode, rebase.ToString());
        CollectionAssert.AreEqual(c, repo.Read("data/c.bin"), $"the rebased branch's new file is hydrated\n{rebase}");
        Assert.AreEqual(0, (await repo.RunAsync("verify")).ExitCode);
    }

    [TestMethod]
    public async Task CherryPick_OfANeighbouringAddition_IsClean()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, main, _) = await DivergedAsync(repo);

        var pick = world.TryGit(repo.Root, "cherry-pick", main);

        Assert.AreEqual(0, pick.ExitCode, pick.ToString());
        StringAssert.Contains(File.ReadAllText(repo.ManifestPath), "\"data/b.bin\"");
        StringAssert.Contains(File.ReadAllText(repo.ManifestPath), "\"data/c.bin\"");
    }

    [TestMethod]
    public async Task AStashedNewVersion_IsStale_NotModified()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        await world.CommitDataAsync("data/m.bin", 2000, 1, "v1");
        repo.WriteRandom("data/m.bin", 2500, 2);
        await repo.RunOkAsync("add", "data/m.bin");
        await repo.RunOkAsync("push");
        TempDir.DeleteDirectory(repo.Cache);
        world.Git(repo.Root, "stash", "-q");

        var status = await repo.RunAsync("status");

        StringAssert.StartsWith(status.OutLines.Single(l => l.Contains("data/m.bin", StringComparison.Ordinal)), "stale    ", "the stash knows that version: " + status);
    }

    [TestMethod]
    public async Task ANewWorktree_IsHydratedByTheSharedHooks()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, main, c) = await DivergedAsync(repo);
        world.Git(repo.Root, "checkout", "-q", main);
        var tree = Path.Join(repo.Base, "second-tree");

        var add = world.TryGit(repo.Root, "worktree", "add", "-q", tree, "feature");

        Assert.AreEqual(0, add.ExitCode, add.ToString());
        Assert.IsTrue(File.Exists(Path.Join(tree, "data", "b.bin")), $"post-checkout hydrated the new worktree\n{add}");
        Assert.IsFalse(File.Exists(Path.Join(tree, "data", "c.bin")), "only that branch's files");
    }

    [TestMethod]
    public async Task Amend_RunsPostRewrite_WhichHydratesTheAmendedManifest()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        var a = await world.CommitDataAsync("data/a.bin", 2000, 1, "a");
        repo.WriteRandom("data/b.bin", 3000, 2);
        await repo.RunOkAsync("add", "data/b.bin");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));

        var amend = world.TryGit(repo.Root, "commit", "-q", "--amend", "-a", "--no-edit");

        Assert.AreEqual(0, amend.ExitCode, amend.ToString());
        CollectionAssert.AreEqual(a, repo.Read("data/a.bin"), $"post-rewrite (amend) hydrated what the manifest names\n{amend}");
    }
}
