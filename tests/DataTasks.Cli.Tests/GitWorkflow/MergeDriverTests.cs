using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13, item 3: artifacts.json merges entry by entry, with git's merge driver and after the fact.</summary>
[TestClass]
public sealed class MergeDriverTests
{
    private static JsonObject Entries(TempRepo repo) => (JsonObject)JsonNode.Parse(File.ReadAllText(repo.ManifestPath))!["entries"]!;

    private static string KeyOf(TempRepo repo, string path) => Entries(repo)[path]!["storage_key"]!.GetValue<string>();

    /// <summary>A base commit with one entry, then two branches from it, each committing its own change.</summary>
    private static async Task<string> TwoBranchesAsync(TempRepo repo, GitWorld world, Func<Task> left, Func<Task> right)
    {
        await world.CommitDataAsync("data/models/1.0/a.onnx", 1000, 1, "base");
        var main = world.Git(repo.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
        world.Git(repo.Root, "checkout", "-q", "-b", "left");
        await left();
        world.Git(repo.Root, "commit", "-q", "-am", "left");
        world.Git(repo.Root, "checkout", "-q", main);
        world.Git(repo.Root, "checkout", "-q", "-b", "right");
        await right();
        world.Git(repo.Root, "commit", "-q", "-am", "right");
        return main;
    }

    private static Func<Task> AddFile(TempRepo repo, string path, int seed) => async () =>
    {
        repo.WriteRandom(path, 1000 + seed, seed);
        await repo.RunOkAsync("add", path);
        await repo.RunOkAsync("push");
    };

    [TestMethod]
    public async Task NeighbouringAdditions_MergeCleanly_AndTheMergeHydratesTheOtherBranchsFile()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        await TwoBranchesAsync(repo, world, AddFile(repo, "data/models/2.0/a.onnx", 2), AddFile(repo, "data/models/2.0/b.onnx", 3));
        File.Delete(repo.PathOf("data/models/2.0/a.onnx"));

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreEqual(0, merge.ExitCode, merge.ToString());
        CollectionAssert.AreEquivalent(new[] { "data/models/1.0/a.onnx", "data/models/2.0/a.onnx", "data/models/2.0/b.onnx" },
            Entries(repo).Select(p => p.Key).ToArray());
        Assert.IsTrue(repo.Exists("data/models/2.0/a.onnx"), $"post-merge hydrates what the merged manifest names\n{merge}");
        Assert.AreEqual(0, (await repo.RunAsync("verify")).ExitCode);
        Assert.AreEqual(string.Empty, world.Git(repo.Root, "status", "--porcelain"), "the merge is committed and clean");
    }

    [TestMethod]
    public async Task SamePathChangedDifferently_Conflicts_LeavingValidJsonWithOursAndNamingBothKeys()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        string? leftKey = null;
        string? rightKey = null;
        await TwoBranchesAsync(repo, world,
            async () => { await AddFile(repo, "data/models/1.0/a.onnx", 10)(); leftKey = KeyOf(repo, "data/models/1.0/a.onnx"); },
            async () => { await AddFile(repo, "data/models/1.0/a.onnx", 11)(); rightKey = KeyOf(repo, "data/models/1.0/a.onnx"); });

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreNotEqual(0, merge.ExitCode, "git reports the conflict");
        StringAssert.Contains(merge.Stderr + merge.Stdout, "conflict data/models/1.0/a.onnx");
        StringAssert.Contains(merge.Stderr, leftKey![..8]);
        StringAssert.Contains(merge.Stderr, rightKey![..8]);
        StringAssert.Contains(merge.Stderr, "DT0130");
        Assert.AreEqual(rightKey, KeyOf(repo, "data/models/1.0/a.onnx"), "the file is valid JSON holding our side's value");
        Assert.AreEqual(0, (await repo.RunAsync("status")).ExitCode, "every command can read the conflicted result");
    }

    [TestMethod]
    public async Task OneSideRemoving_AnotherSideAdding_Combine()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        await TwoBranchesAsync(repo, world,
            async () => await repo.RunOkAsync("rm", "data/models/1.0/a.onnx"),
            AddFile(repo, "data/models/2.0/b.onnx", 4));

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreEqual(0, merge.ExitCode, merge.ToString());
        CollectionAssert.AreEquivalent(new[] { "data/models/2.0/b.onnx" }, Entries(repo).Select(p => p.Key).ToArray());
    }

    [TestMethod]
    public async Task WithoutTheDriver_StatusExplains_AndResolveMergesFromTheIndex()
    {
        using var repo = await TempRepo.CreateAsync(init: false);
        await repo.RunOkAsync("init", "--no-install", "--remote", repo.Remote);
        Assert.IsFalse(File.Exists(Path.Join(repo.Root, ".gitattributes")), "--no-install leaves git alone");
        var world = GitWorld.For(repo);
        await TwoBranchesAsync(repo, world, AddFile(repo, "data/models/2.0/a.onnx", 5), AddFile(repo, "data/models/2.0/b.onnx", 6));
        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");
        Assert.AreNotEqual(0, merge.ExitCode, "git's text merge conflicts on neighbouring additions");

        var status = await repo.RunAsync("status");
        Assert.AreEqual(2, status.ExitCode, status.ToString());
        StringAssert.Contains(status.Stderr, "error DT0131");
        StringAssert.Contains(status.Stderr, "merge-driver --resolve");
        StringAssert.Contains(status.Stderr, "git checkout --ours");
        Assert.IsFalse(status.Stderr.Contains("git checkout -- ", StringComparison.Ordinal), "git refuses that advice for an unmerged path");

        var resolve = await repo.RunAsync("merge-driver", "--resolve");
        Assert.AreEqual(0, resolve.ExitCode, resolve.ToString());
        StringAssert.Contains(resolve.Stdout, "staged");
        world.Git(repo.Root, "commit", "-q", "--no-edit");
        CollectionAssert.AreEquivalent(new[] { "data/models/1.0/a.onnx", "data/models/2.0/a.onnx", "data/models/2.0/b.onnx" },
            Entries(repo).Select(p => p.Key).ToArray());
    }

    [TestMethod]
    public async Task WithoutTheDriver_StatusListsEachConflictingPath()
    {
        using var repo = await TempRepo.CreateAsync(init: false);
        await repo.RunOkAsync("init", "--no-install", "--remote", repo.Remote);
        var world = GitWorld.For(repo);
        await TwoBranchesAsync(repo, world, AddFile(repo, "data/models/1.0/a.onnx", 7), AddFile(repo, "data/models/1.0/a.onnx", 8));
        Assert.AreNotEqual(0, world.TryGit(repo.Root, "merge", "--no-edit", "left").ExitCode);

        var status = await repo.RunAsync("status");

        Assert.AreEqual(2, status.ExitCode);
        Assert.IsTrue(status.OutLines.Any(l => l.StartsWith("conflict data/models/1.0/a.onnx (", StringComparison.Ordinal)), status.ToString());
        var resolve = await repo.RunAsync("merge-driver", "--resolve");
        Assert.AreEqual(1, resolve.ExitCode, "a real conflict stays a conflict");
        StringAssert.Contains(resolve.Stderr, "conflict data/models/1.0/a.onnx");
    }

    [TestMethod]
    public async Task OnAMachineWithoutTheTool_TheDriverFallsBackToGitsTextMerge_WithOneLine()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        await TwoBranchesAsync(repo, world, AddFile(repo, "data/models/2.0/a.onnx", 2), AddFile(repo, "data/models/2.0/b.onnx", 3));
        world.WithoutTool = true;

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreNotEqual(0, merge.ExitCode, "without the tool git's text merge conflicts, as before install");
        StringAssert.Contains(merge.Stderr, "'dotnet data' is not installed");
        StringAssert.Contains(File.ReadAllText(repo.ManifestPath), "<<<<<<<");
    }

    [TestMethod]
    public async Task TheDriverRefusesAnInvalidSide_WithItsCode_AndLeavesOursUntouched()
    {
        using var repo = await TempRepo.CreateAsync();
        var dir = Path.Join(repo.Base, "m");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, "o"), "");
        File.WriteAllText(Path.Join(dir, "a"), "{\"version\": 2, \"entries\": {}}\n");
        File.WriteAllText(Path.Join(dir, "b"), "{\"version\": 2, \"entries\": ");

        var result = await repo.RunInAsync(dir, "merge-driver", "o", "a", "b", "artifacts.json");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stderr, "error DT0101");
        StringAssert.Contains(result.Stderr, "theirs");
        Assert.AreEqual("{\"version\": 2, \"entries\": {}}\n", File.ReadAllText(Path.Join(dir, "a")));
    }
}
