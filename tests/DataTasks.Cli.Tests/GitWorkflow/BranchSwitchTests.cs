using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13, item 2: the data follows the branch for the person who made the change, with a fresh cache.</summary>
[TestClass]
public sealed class BranchSwitchTests
{
    /// <summary>v1 committed on the first branch, v2 on branch 'v2', both pushed from this clone, starting from an empty cache.</summary>
    private static async Task<(GitWorld World, string Main, byte[] V1, byte[] V2)> TwoVersionsAsync(TempRepo repo)
    {
        var world = GitWorld.For(repo);
        TempDir.DeleteDirectory(repo.Cache);
        var v1 = await world.CommitDataAsync("data/models/model.onnx", 5000, 1, "v1");
        var main = world.Git(repo.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
        world.Git(repo.Root, "checkout", "-q", "-b", "v2");
        var v2 = await world.CommitDataAsync("data/models/model.onnx", 6000, 2, "v2");
        return (world, main, v1, v2);
    }

    [TestMethod]
    public async Task PullAfterSwitchingBack_RestoresTheBranchsVersion_FromTheCacheThatPushFilled_Offline()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, main, v1, v2) = await TwoVersionsAsync(repo);
        world.WithoutTool = true;
        world.Git(repo.Root, "checkout", "-q", main);
        Directory.Move(repo.Remote, repo.Remote + ".offline");

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsFalse(pull.Stderr.Contains("DT0303", StringComparison.Ordinal), pull.ToString());
        CollectionAssert.AreEqual(v1, repo.Read("data/models/model.onnx"));
        StringAssert.StartsWith((await repo.RunAsync("status")).OutLines.Single(), "synced");

        world.Git(repo.Root, "checkout", "-q", "v2");
        Assert.AreEqual(0, (await repo.RunAsync("pull")).ExitCode);
        CollectionAssert.AreEqual(v2, repo.Read("data/models/model.onnx"));
    }

    [TestMethod]
    public async Task WithTheHooksInstalled_TheCheckoutItselfBringsTheVersion()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, main, v1, v2) = await TwoVersionsAsync(repo);

        var checkout = world.TryGit(repo.Root, "checkout", "-q", main);

        Assert.AreEqual(0, checkout.ExitCode, checkout.ToString());
        CollectionAssert.AreEqual(v1, repo.Read("data/models/model.onnx"), checkout.ToString());
        world.Git(repo.Root, "checkout", "-q", "v2");
        CollectionAssert.AreEqual(v2, repo.Read("data/models/model.onnx"));
    }

    [TestMethod]
    public async Task ASecondCloneOnTheSameMachine_DownloadsNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _, _, v2) = await TwoVersionsAsync(repo);
        var clone = Path.Join(repo.Base, "clone");
        world.Git(repo.Base, "clone", "-q", "-b", "v2", repo.Root, clone);
        Directory.Move(repo.Remote, repo.Remote + ".offline");

        var pull = await CliRunner.RunInProcessAsync(["--cache-dir", repo.Cache, "pull"], clone);

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        StringAssert.StartsWith(pull.OutLines.First(), "cached");
        CollectionAssert.AreEqual(v2, File.ReadAllBytes(Path.Join(clone, "data", "models", "model.onnx")));
    }
}
