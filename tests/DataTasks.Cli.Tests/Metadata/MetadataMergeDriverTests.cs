using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.GitWorkflow;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Metadata;

/// <summary>Issue 16: git merges of branches that changed the metadata of one entry, through the installed merge driver.</summary>
[TestClass]
public sealed class MetadataMergeDriverTests
{
    private static JsonObject Entry(TempRepo repo) => (JsonObject)repo.Entries["data/m.bin"]!;

    private static async Task<GitWorld> TwoBranchesAsync(TempRepo repo, string[] left, string[] right, string[]? baseAnnotation = null, Action? beforeRight = null)
    {
        var world = GitWorld.For(repo);
        await world.CommitDataAsync("data/m.bin", 1000, 1, "base");
        if (baseAnnotation is not null)
        {
            await repo.RunOkAsync(["annotate", "data/m.bin", .. baseAnnotation]);
            world.Git(repo.Root, "commit", "-q", "-am", "base annotation");
        }

        var main = world.Git(repo.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
        world.Git(repo.Root, "checkout", "-q", "-b", "left");
        await repo.RunOkAsync(left);
        world.Git(repo.Root, "commit", "-q", "-am", "left");
        world.Git(repo.Root, "checkout", "-q", main);
        beforeRight?.Invoke();
        await repo.RunOkAsync(right);
        world.Git(repo.Root, "commit", "-q", "-am", "right");
        return world;
    }

    [TestMethod]
    public async Task BothSidesTagOneEntry_TheTagsCombine()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = await TwoBranchesAsync(repo,
            ["annotate", "data/m.bin", "--tag", "left", "--untag", "old"],
            ["annotate", "data/m.bin", "--tag", "right"],
            ["--tag", "old", "--tag", "kept"]);

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreEqual(0, merge.ExitCode, merge.ToString());
        Assert.AreEqual("[\"kept\",\"left\",\"right\"]", Entry(repo)["tags"]!.ToJsonString());
    }

    [TestMethod]
    public async Task OneSideDescribes_OtherRetrains_BothAreKept()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = await TwoBranchesAsync(repo,
            ["annotate", "data/m.bin", "--description", "described on the left"],
            ["add", "data/m.bin"],
            beforeRight: () => repo.WriteRandom("data/m.bin", 1500, 9));

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreEqual(0, merge.ExitCode, merge.ToString());
        Assert.AreEqual("described on the left", Entry(repo)["description"]!.GetValue<string>());
        Assert.AreEqual(1500, Entry(repo)["size"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task BothSidesDescribeDifferently_IsAConflictNamingTheField()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = await TwoBranchesAsync(repo,
            ["annotate", "data/m.bin", "--description", "left"],
            ["annotate", "data/m.bin", "--description", "right"]);

        var merge = world.TryGit(repo.Root, "merge", "--no-edit", "left");

        Assert.AreNotEqual(0, merge.ExitCode, merge.ToString());
        StringAssert.Contains(merge.Stderr, "DT0130");
        StringAssert.Contains(merge.Stderr + merge.Stdout, "description");
        Assert.AreEqual("right", Entry(repo)["description"]!.GetValue<string>(), "valid JSON holding our side's value");
    }
}
