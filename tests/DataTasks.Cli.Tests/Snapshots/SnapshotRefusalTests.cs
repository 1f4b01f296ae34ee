using DataTasks.Cli.Tests.Infrastructure;
using static DataTasks.Cli.Tests.Snapshots.SnapshotWorld;

namespace DataTasks.Cli.Tests.Snapshots;

/// <summary>Issue 16: what snapshot refuses, each with one line and its code, and no tag left behind.</summary>
[TestClass]
public sealed class SnapshotRefusalTests
{
    [TestMethod]
    public async Task Create_WhileArtifactsJsonHasUncommittedChanges_IsDT0533_AndTagsNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        repo.WriteRandom("data/new.bin", 100, 5);
        await repo.RunOkAsync("add", "data/new.bin");
        await repo.RunOkAsync("push");

        await AssertRefusedAsync(repo, "DT0533", "snapshot", "create", "v1");
        Assert.AreEqual(0, Tags(world).Length);

        // Staged but not committed is still not HEAD.
        world.Git(repo.Root, "add", "artifacts.json");
        await AssertRefusedAsync(repo, "DT0533", "snapshot", "create", "v1");
        Assert.AreEqual(0, Tags(world).Length);
    }

    [TestMethod]
    public async Task Create_BeforeAnyCommit_IsDT0533()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorkflow.GitWorld.For(repo);

        await AssertRefusedAsync(repo, "DT0533", "snapshot", "create", "v1");
        Assert.AreEqual(0, Tags(world).Length);
    }

    [TestMethod]
    public async Task Create_WithAnEntryNeverPushed_IsDT0534_NamingIt()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        repo.WriteRandom("data/unpushed.bin", 100, 6);
        await repo.RunOkAsync("add", "data/unpushed.bin");
        world.Git(repo.Root, "commit", "-q", "-am", "added, not pushed");

        var error = await AssertRefusedAsync(repo, "DT0534", "snapshot", "create", "v1");

        StringAssert.Contains(error, "data/unpushed.bin");
        Assert.AreEqual(0, Tags(world).Length);
    }

    [TestMethod]
    [DataRow("has space")]
    [DataRow("a..b")]
    [DataRow("ends.lock")]
    [DataRow("ends/")]
    [DataRow("what?")]
    [DataRow("a@{1}")]
    [DataRow(".hidden")]
    [DataRow("")]
    public async Task Create_WithANameGitRefusesAsATag_IsDT0530(string name)
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);

        await AssertRefusedAsync(repo, "DT0530", "snapshot", "create", name);
        Assert.AreEqual(0, Tags(world).Length);
    }

    [TestMethod]
    public async Task Create_OfAnExistingName_IsDT0531_AndTheTagStaysWhereItWas()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        var first = world.Git(repo.Root, "rev-parse", "data/v1^{commit}");
        await CommitV2Async(world);

        await AssertRefusedAsync(repo, "DT0531", "snapshot", "create", "v1");
        Assert.AreEqual(first, world.Git(repo.Root, "rev-parse", "data/v1^{commit}"));
    }

    [TestMethod]
    [DataRow("show", "nope")]
    [DataRow("diff", "nope")]
    [DataRow("diff", "v1", "nope")]
    [DataRow("restore", "nope")]
    [DataRow("delete", "nope")]
    public async Task AnUnknownName_IsDT0532(params string[] args)
    {
        using var repo = await TempRepo.CreateAsync();
        await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");

        var error = await AssertRefusedAsync(repo, "DT0532", ["snapshot", .. args]);

        StringAssert.Contains(error, "no snapshot 'nope'");
    }

    [TestMethod]
    [DataRow("bad prefix/")]
    [DataRow("a..b/")]
    [DataRow("snap:")]
    public async Task APrefixGitCannotUse_IsDT0535(string prefix)
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("config", "set", "snapshot.prefix", prefix, "--local");

        await AssertRefusedAsync(repo, "DT0535", "snapshot", "create", "v1");
        Assert.AreEqual(0, Tags(world).Length);
    }

    [TestMethod]
    [DataRow("frobnicate")]
    [DataRow("create")]
    [DataRow("show")]
    [DataRow("list", "extra")]
    [DataRow("list", "-m", "text")]
    [DataRow("show", "v1", "--force")]
    [DataRow("diff", "a", "b", "c")]
    public async Task AMisusedAction_IsDT0001(params string[] args)
    {
        using var repo = await TempRepo.CreateAsync();
        await FirstVersionAsync(repo);

        await AssertRefusedAsync(repo, "DT0001", ["snapshot", .. args]);
    }

    private static async Task<string> AssertRefusedAsync(TempRepo repo, string code, params string[] args)
    {
        var result = await repo.RunAsync(args);
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual(1, result.ErrLines.Length, $"one line: {result}");
        StringAssert.StartsWith(result.Stderr, $"error {code}:", result.ToString());
        Assert.AreEqual("", result.Stdout, result.ToString());
        return result.Stderr;
    }
}
