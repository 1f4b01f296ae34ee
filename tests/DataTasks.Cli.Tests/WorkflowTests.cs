using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 1: the README workflow end to end, with the exact status line format.</summary>
[TestClass]
public sealed class WorkflowTests
{
    [TestMethod]
    public async Task ReadmeWorkflow_InitAddPushRemovePullVerify_RestoresIdenticalBytes()
    {
        using var repo = await TempRepo.CreateAsync();
        Assert.IsTrue(File.Exists(Path.Join(repo.Root, ".datatasks", "config.json")), "init --remote writes .datatasks/config.json");

        var model = repo.WriteRandom("data/model.pt", 3_000_000, seed: 1);
        var table = repo.WriteRandom("data/tables/train.csv", 42_000, seed: 2);
        repo.WriteText(".datapattern", "data/**\n");

        var status = await repo.RunOkAsync("status");
        CollectionAssert.AreEqual(
            new[]
            {
                "untracked data/model.pt (3MB, matches .datapattern, not in manifest)",
                "untracked data/tables/train.csv (42KB, matches .datapattern, not in manifest)",
            },
            status.OutLines,
            status.ToString());

        await repo.RunOkAsync("add", "--all");
        status = await repo.RunOkAsync("status");
        CollectionAssert.AreEqual(
            new[]
            {
                "added    data/model.pt (3MB, not pushed)",
                "added    data/tables/train.csv (42KB, not pushed)",
            },
            status.OutLines,
            status.ToString());
        Assert.AreEqual(0, repo.RemoteFiles().Length, "add uploads nothing");

        var push = await repo.RunOkAsync("push");
        StringAssert.Contains(push.Stdout, "pushed 2 files");

        var modelKey = TestHash.Sha256(model);
        var tableKey = TestHash.Sha256(table);
        status = await repo.RunOkAsync("status");
        CollectionAssert.AreEqual(
            new[]
            {
                $"synced   data/model.pt (3MB, key: {modelKey[..4]}...)",
                $"synced   data/tables/train.csv (42KB, key: {tableKey[..4]}...)",
            },
            status.OutLines,
            status.ToString());

        Directory.Delete(repo.PathOf("data"), recursive: true);
        status = await repo.RunOkAsync("status");
        CollectionAssert.AreEqual(
            new[]
            {
                $"missing  data/model.pt (not on disk, key: {modelKey[..4]}...)",
                $"missing  data/tables/train.csv (not on disk, key: {tableKey[..4]}...)",
            },
            status.OutLines,
            status.ToString());

        var pull = await repo.RunOkAsync("pull");
        StringAssert.Contains(pull.Stdout, "pulled 0 files (0B) from the remote, 2 from the machine cache", "push kept a copy of each object in the machine cache");
        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        CollectionAssert.AreEqual(model, repo.Read("data/model.pt"));
        CollectionAssert.AreEqual(table, repo.Read("data/tables/train.csv"));

        status = await repo.RunOkAsync("status");
        Assert.IsTrue(status.OutLines.All(l => l.StartsWith("synced   ", StringComparison.Ordinal)), status.ToString());
    }

    [TestMethod]
    public async Task ReadmeWorkflow_AsRealProcess_Works()
    {
        using var repo = await TempRepo.CreateAsync();
        var bytes = repo.WriteRandom("data/x.bin", 10_000, seed: 3);
        repo.WriteText(".datapattern", "data/\n");

        foreach (var args in new[] { new[] { "add", "--all" }, ["push"] })
        {
            var r = await repo.RunProcessAsync(args);
            Assert.AreEqual(0, r.ExitCode, r.ToString());
        }

        File.Delete(repo.PathOf("data/x.bin"));
        var pull = await repo.RunProcessAsync(["pull"]);
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        var status = await repo.RunProcessAsync(["status"]);
        Assert.AreEqual($"synced   data/x.bin (10KB, key: {TestHash.Sha256(bytes)[..4]}...)\n", status.Stdout, status.ToString());
        CollectionAssert.AreEqual(bytes, repo.Read("data/x.bin"));
    }
}
