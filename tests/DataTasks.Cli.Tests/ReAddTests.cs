using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Re-adding changed content keeps the entry's created_at, so git shows only the key and size lines changing.</summary>
[TestClass]
public sealed class ReAddTests
{
    [TestMethod]
    public async Task ReAdd_KeepsCreatedAt_AndChangesOnlyKeyAndSize()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("push");
        var manifest = repo.Manifest;
        manifest["entries"]!["data/a.bin"]!["created_at"] = "2020-01-02T03:04:05Z";
        File.WriteAllText(repo.ManifestPath, manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n");

        repo.WriteRandom("data/a.bin", 1500, 2);
        await repo.RunOkAsync("add", "data/a.bin");

        var after = repo.Entries["data/a.bin"]!.AsObject();
        Assert.AreEqual("2020-01-02T03:04:05Z", (string?)after["created_at"]);
        Assert.AreEqual(1500L, (long)after["size"]!);
        Assert.IsNull(after["storage_key"]);
    }

    [TestMethod]
    public async Task Init_OnAnInvalidManifest_ReportsIt_InsteadOfSuccess()
    {
        using var repo = await TempRepo.CreateAsync();
        File.WriteAllText(repo.ManifestPath, "{\"version\": 2, \"entries\": ");

        var init = await repo.RunAsync("init");

        Assert.AreEqual(2, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Stderr, "error DT0101:", init.ToString());
    }
}
