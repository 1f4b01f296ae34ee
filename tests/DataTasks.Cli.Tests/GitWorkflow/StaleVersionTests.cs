using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13, item 1: after a branch switch, push and add --all never silently revert the branch's model.</summary>
[TestClass]
public sealed class StaleVersionTests
{
    private const string Model = "data/models/model.onnx";

    private static string KeyOf(TempRepo repo) =>
        JsonNode.Parse(File.ReadAllText(repo.ManifestPath))!["entries"]![Model]!["storage_key"]!.GetValue<string>();

    /// <summary>main has v1, retrain has v2; then main is checked out and pulled, and retrain checked out again (no hooks).</summary>
    private static async Task<(GitWorld World, string V2Key, byte[] V2)> BackOnRetrainWithMainsFileAsync(TempRepo repo)
    {
        var world = GitWorld.For(repo);
        world.WithoutTool = true;
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteRandom(Model, 5000, 1);
        await repo.RunOkAsync("add", "--all");
        await repo.RunOkAsync("push");
        world.Git(repo.Root, "add", "-A");
        world.Git(repo.Root, "commit", "-q", "-m", "v1");
        var main = world.Git(repo.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
        world.Git(repo.Root, "checkout", "-q", "-b", "retrain");
        var v2 = await world.CommitDataAsync(Model, 6000, 2, "v2");
        var v2Key = KeyOf(repo);
        world.Git(repo.Root, "checkout", "-q", main);
        await repo.RunOkAsync("pull");
        world.Git(repo.Root, "checkout", "-q", "retrain");
        return (world, v2Key, v2);
    }

    [TestMethod]
    public async Task StatusSaysStale_AndPushAndAddAllKeepTheBranchsKey()
    {
        using var repo = await TempRepo.CreateAsync();
        var (_, v2Key, _) = await BackOnRetrainWithMainsFileAsync(repo);

        var status = await repo.RunAsync("status");
        StringAssert.StartsWith(status.OutLines.Single(l => l.Contains(Model, StringComparison.Ordinal)), "stale    " + Model, status.ToString());

        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, push.ToString());
        StringAssert.Contains(push.Stderr, "warning DT0321: " + Model + " was not pushed");
        StringAssert.Contains(push.Stderr, "dotnet data pull");
        Assert.AreEqual(v2Key, KeyOf(repo), "push must not write main's key into retrain's manifest");

        var addAll = await repo.RunAsync("add", "--all");
        Assert.AreEqual(0, addAll.ExitCode, addAll.ToString());
        StringAssert.Contains(addAll.Stderr, "warning DT0321: " + Model + " was not added");
        Assert.AreEqual(v2Key, KeyOf(repo), "add --all must not either");
    }

    [TestMethod]
    public async Task PullUpdatesTheStaleFile_EvenWithAnEmptyCache_WhenTheRemoteHasItsVersion()
    {
        using var repo = await TempRepo.CreateAsync();
        var (_, _, v2) = await BackOnRetrainWithMainsFileAsync(repo);
        TempDir.DeleteDirectory(repo.Cache);

        var status = await repo.RunAsync("status");
        StringAssert.StartsWith(status.OutLines.Single(l => l.Contains(Model, StringComparison.Ordinal)), "stale    ", "git history knows the version: " + status);
        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(v2, repo.Read(Model), pull.ToString());
    }

    [TestMethod]
    public async Task AnExplicitAdd_RecordsTheEarlierVersion_AsADeliberateRevert()
    {
        using var repo = await TempRepo.CreateAsync();
        var (_, v2Key, _) = await BackOnRetrainWithMainsFileAsync(repo);

        var add = await repo.RunAsync("add", Model);

        Assert.AreEqual(0, add.ExitCode, add.ToString());
        StringAssert.StartsWith(add.OutLines[0], "reverted " + Model);
        StringAssert.Contains(add.OutLines[0], "recorded on purpose");
        Assert.AreNotEqual(v2Key, JsonNode.Parse(File.ReadAllText(repo.ManifestPath))!["entries"]![Model]!["size"]!.ToString());
    }

    [TestMethod]
    public async Task ARealEdit_IsStillModified_AndPullNeverOverwritesIt()
    {
        using var repo = await TempRepo.CreateAsync();
        var (_, _, _) = await BackOnRetrainWithMainsFileAsync(repo);
        var edit = repo.WriteRandom(Model, 7000, 99);

        var status = await repo.RunAsync("status");
        var pull = await repo.RunAsync("pull");

        StringAssert.StartsWith(status.OutLines.Single(l => l.Contains(Model, StringComparison.Ordinal)), "modified ");
        CollectionAssert.AreEqual(edit, repo.Read(Model), "an edit is never overwritten");
        StringAssert.Contains(pull.Stderr, "was not overwritten");
    }
}
