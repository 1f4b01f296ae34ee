using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;
using static DataTasks.Cli.Tests.Snapshots.SnapshotWorld;

namespace DataTasks.Cli.Tests.Snapshots;

/// <summary>Issue 16: snapshots are annotated git tags that list, show, diff, restore and delete on a real repository.</summary>
[TestClass]
public sealed class SnapshotTests
{
    [TestMethod]
    public async Task Create_TagsHeadWithAnAnnotatedTag_AndListShowsNameDateMessageCountAndSize()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        var head = world.Git(repo.Root, "rev-parse", "HEAD").Trim();

        var created = await repo.RunOkAsync("snapshot", "create", "v1", "-m", "the first model");

        StringAssert.StartsWith(created.Stdout, $"created snapshot v1 (tag data/v1 on {head[..7]}): 2 entries");
        Assert.AreEqual("tag", world.Git(repo.Root, "cat-file", "-t", "data/v1").Trim(), "an annotated tag");
        Assert.AreEqual(head, world.Git(repo.Root, "rev-parse", "data/v1^{commit}").Trim());
        world.Git(repo.Root, "tag", "release-1");

        var list = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("snapshot", "list", "--json")).Stdout)!;

        Assert.AreEqual("data/", list["prefix"]!.GetValue<string>());
        var only = (JsonObject)((JsonArray)list["snapshots"]!).Single()!;
        Assert.AreEqual("v1", only["name"]!.GetValue<string>(), "release-1 is not under data/, so it is no snapshot");
        Assert.AreEqual("data/v1", only["tag"]!.GetValue<string>());
        Assert.AreEqual(head, only["commit"]!.GetValue<string>());
        Assert.AreEqual("the first model", only["message"]!.GetValue<string>());
        Assert.AreEqual(2, only["entry_count"]!.GetValue<int>());
        Assert.AreEqual(5300L, only["total_size"]!.GetValue<long>());
        var date = DateTimeOffset.Parse(only["date"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(Math.Abs((DateTimeOffset.Now - date).TotalMinutes) < 10, $"date {date}");

        var text = await repo.RunOkAsync("snapshot", "list");
        StringAssert.Contains(text.OutLines.Single(), "2 entries");
        StringAssert.EndsWith(text.OutLines.Single(), "the first model");
    }

    [TestMethod]
    public async Task ListAndShow_OfTwoSnapshots_GiveEachItsOwnManifest()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        await CommitV2Async(world);
        await repo.RunOkAsync("snapshot", "create", "release/v2");

        var names = ((JsonArray)JsonNode.Parse((await repo.RunOkAsync("snapshot", "list", "--json")).Stdout)!["snapshots"]!)
            .Select(s => s!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "release/v2", "v1" }, names);

        var v1 = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("snapshot", "show", "v1", "--json")).Stdout)!;
        var v2 = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("snapshot", "show", "release/v2", "--json")).Stdout)!;

        Assert.AreEqual("snapshot v1: 2 entries", v1["message"]!.GetValue<string>(), "the default message");
        Assert.AreEqual(5000L, ModelSize(v1));
        Assert.AreEqual(6000L, ModelSize(v2));
        Assert.AreEqual(6300L, v2["total_size"]!.GetValue<long>());
        Assert.AreEqual(repo.StorageKey(Model), ((JsonArray)v2["entries"]!).Single(e => e!["path"]!.GetValue<string>() == Model)!["storage_key"]!.GetValue<string>());

        var shown = await repo.RunOkAsync("snapshot", "show", "v1");
        StringAssert.StartsWith(shown.Stdout, "snapshot v1 (tag data/v1)");
        StringAssert.Contains(shown.Stdout, $"{Model} (5KB, key ");
    }

    [TestMethod]
    public async Task Diff_BetweenTwoSnapshots_AndFromOneToTheWorkingManifest()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        await CommitV2Async(world);
        await repo.RunOkAsync("snapshot", "create", "v2");

        var between = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("snapshot", "diff", "v1", "v2", "--json")).Stdout)!;
        Assert.AreEqual("snapshot v1", between["from"]!.GetValue<string>());
        Assert.AreEqual("snapshot v2", between["to"]!.GetValue<string>());
        var change = (JsonObject)((JsonArray)between["changes"]!).Single()!;
        Assert.AreEqual("modified", change["change"]!.GetValue<string>());
        Assert.AreEqual(Model, change["path"]!.GetValue<string>());

        Assert.AreEqual("no changes (snapshot v2 → working artifacts.json)", (await repo.RunOkAsync("snapshot", "diff", "v2")).OutLines.Single());

        repo.WriteRandom("data/new.bin", 100, 5);
        await repo.RunOkAsync("add", "data/new.bin");
        var toWorking = await repo.RunOkAsync("snapshot", "diff", "v1");
        StringAssert.StartsWith(toWorking.OutLines[^1], "1 added, 0 removed, 1 modified, 0 renamed (snapshot v1 → working artifacts.json)");
    }

    [TestMethod]
    public async Task Restore_BringsTheSnapshotsDataFromTheRemote_WithoutMovingHeadOrTheManifest()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, v1) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        var v2 = await CommitV2Async(world);
        var head = world.Git(repo.Root, "rev-parse", "HEAD");
        var manifest = File.ReadAllBytes(repo.ManifestPath);

        // Nothing local to copy from: v1's model must come from the folder remote.
        Directory.Delete(repo.Cache, recursive: true);
        File.Delete(repo.PathOf(Model));

        var restored = await repo.RunAsync("snapshot", "restore", "v1");

        Assert.AreEqual(0, restored.ExitCode, restored.ToString());
        StringAssert.Contains(restored.Stdout, $"pulled   {Model}");
        CollectionAssert.AreEqual(v1, repo.Read(Model));
        Assert.AreEqual(head, world.Git(repo.Root, "rev-parse", "HEAD"), "HEAD does not move");
        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(repo.ManifestPath), "artifacts.json does not change");
        var status = (await repo.RunAsync("status")).OutLines;
        StringAssert.StartsWith(status.Single(l => l.Contains(Model, StringComparison.Ordinal)), "stale    " + Model, string.Join('\n', status));
        Assert.IsFalse(status.Any(l => l.Contains(Labels, StringComparison.Ordinal) && !l.StartsWith("synced", StringComparison.Ordinal)), string.Join('\n', status));

        await repo.RunOkAsync("checkout");
        CollectionAssert.AreEqual(v2, repo.Read(Model), "checkout brings the working manifest's data back");
    }

    [TestMethod]
    public async Task Restore_OfSomePaths_LeavesTheOthers_AndAPathInNoEntryIsDT0004()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        var v2 = await CommitV2Async(world);

        var labelsOnly = await repo.RunOkAsync("snapshot", "restore", "v1", Labels, "--json");

        Assert.AreEqual("v1", JsonNode.Parse(labelsOnly.Stdout)!["snapshot"]!.GetValue<string>());
        CollectionAssert.AreEqual(v2, repo.Read(Model), "the model was not named, so it stays");
        var missing = await repo.RunAsync("snapshot", "restore", "v1", "data/nothing");
        Assert.AreEqual(2, missing.ExitCode, missing.ToString());
        StringAssert.StartsWith(missing.Stderr, "error DT0004:");
    }

    [TestMethod]
    public async Task Restore_NeverReplacesAnEdit_UnlessForce_WhichKeepsItInTheCacheFirst()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, v1) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        await CommitV2Async(world);
        var edit = repo.WriteRandom(Model, 7000, 3);
        var editKey = TestHash.Sha256(edit);

        var refused = await repo.RunAsync("snapshot", "restore", "v1");
        CollectionAssert.AreEqual(edit, repo.Read(Model), "without --force an edit stays");
        StringAssert.Contains(refused.Stderr, "was not overwritten");

        var forced = await repo.RunAsync("snapshot", "restore", "v1", "--force");

        Assert.AreEqual(0, forced.ExitCode, forced.ToString());
        StringAssert.Contains(forced.Stdout, $"saved    {Model} (your edit, key {editKey[..8]})");
        CollectionAssert.AreEqual(v1, repo.Read(Model));
        CollectionAssert.AreEqual(edit, File.ReadAllBytes(new MachineCache(repo.Cache).ObjectPath(editKey)));
    }

    [TestMethod]
    public async Task Delete_RemovesTheTag_AndTheSnapshotIsGoneFromTheList()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        await repo.RunOkAsync("snapshot", "create", "keep");

        var deleted = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("snapshot", "delete", "v1", "--json")).Stdout)!;

        Assert.AreEqual("deleted", deleted["action"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "data/keep" }, Tags(world));
        Assert.AreEqual("keep", (await repo.RunOkAsync("snapshot", "list")).OutLines.Single().Split(' ')[0]);
        var again = await repo.RunAsync("snapshot", "delete", "v1");
        Assert.AreEqual(2, again.ExitCode, again.ToString());
        StringAssert.StartsWith(again.Stderr, "error DT0532:");
        StringAssert.Contains(again.Stderr, "there are: keep");
    }

    [TestMethod]
    public async Task TheConfiguredPrefix_NamesTheTags_AndOnlyItsTagsAreSnapshots()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "old");
        await repo.RunOkAsync("config", "set", "snapshot.prefix", "snaps/", "--local");

        await repo.RunOkAsync("snapshot", "create", "v1");

        CollectionAssert.AreEquivalent(new[] { "data/old", "snaps/v1" }, Tags(world));
        Assert.AreEqual("v1", (await repo.RunOkAsync("snapshot", "list")).OutLines.Single().Split(' ')[0]);
    }

    [TestMethod]
    public async Task AClone_HasTheSnapshots_AndRestoresOneFromTheRemote()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, v1) = await FirstVersionAsync(repo);
        await repo.RunOkAsync("snapshot", "create", "v1");
        await CommitV2Async(world);
        var clone = Path.Join(repo.Base, "clone");
        world.Git(repo.Base, "clone", "-q", repo.Root, clone);
        Directory.Delete(repo.Cache, recursive: true);

        var listed = await repo.RunInAsync(clone, "snapshot", "list");
        var restored = await repo.RunInAsync(clone, "snapshot", "restore", "v1", "--remote", repo.Remote);

        Assert.AreEqual("v1", listed.OutLines.Single().Split(' ')[0], listed.ToString());
        Assert.AreEqual(0, restored.ExitCode, restored.ToString());
        CollectionAssert.AreEqual(v1, File.ReadAllBytes(Path.Join(clone, Model)));
    }

    [TestMethod]
    public async Task ALightweightTagUnderThePrefix_IsListed_WithItsCommitsMessage()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, _) = await FirstVersionAsync(repo);
        world.Git(repo.Root, "tag", "data/by-hand");

        var only = (JsonObject)((JsonArray)JsonNode.Parse((await repo.RunOkAsync("snapshot", "list", "--json")).Stdout)!["snapshots"]!).Single()!;

        Assert.AreEqual("by-hand", only["name"]!.GetValue<string>());
        Assert.AreEqual("v1", only["message"]!.GetValue<string>(), "the commit's message");
        Assert.AreEqual(2, only["entry_count"]!.GetValue<int>());
    }

    private static long ModelSize(JsonObject show) =>
        ((JsonArray)show["entries"]!).Single(e => e!["path"]!.GetValue<string>() == Model)!["size"]!.GetValue<long>();
}
