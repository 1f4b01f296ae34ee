using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13: checkout materialises any revision's data without moving HEAD, and --force loses nothing.</summary>
[TestClass]
public sealed class CheckoutTests
{
    private const string Model = "data/models/model.onnx";

    private static async Task<(GitWorld World, byte[] V1, byte[] V2)> TwoCommitsAsync(TempRepo repo)
    {
        var world = GitWorld.For(repo);
        world.WithoutTool = true;
        var v1 = await world.CommitDataAsync(Model, 5000, 1, "v1");
        world.Git(repo.Root, "tag", "v1");
        var v2 = await world.CommitDataAsync(Model, 6000, 2, "v2");
        return (world, v1, v2);
    }

    [TestMethod]
    public async Task CheckoutOfATag_BringsItsData_WithoutMovingHeadOrTheManifest_AndCheckoutAloneComesBack()
    {
        using var repo = await TempRepo.CreateAsync();
        var (world, v1, v2) = await TwoCommitsAsync(repo);
        var head = world.Git(repo.Root, "rev-parse", "HEAD");
        var manifest = File.ReadAllBytes(repo.ManifestPath);

        var old = await repo.RunAsync("checkout", "v1");

        Assert.AreEqual(0, old.ExitCode, old.ToString());
        CollectionAssert.AreEqual(v1, repo.Read(Model));
        Assert.AreEqual(head, world.Git(repo.Root, "rev-parse", "HEAD"), "HEAD does not move");
        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(repo.ManifestPath), "artifacts.json does not change");
        StringAssert.StartsWith((await repo.RunAsync("status")).OutLines.Single(), "stale    " + Model);

        var back = await repo.RunAsync("checkout");
        Assert.AreEqual(0, back.ExitCode, back.ToString());
        CollectionAssert.AreEqual(v2, repo.Read(Model));
    }

    [TestMethod]
    public async Task AnEdit_IsNeverReplaced_AndForceKeepsItInTheCacheFirst()
    {
        using var repo = await TempRepo.CreateAsync();
        var (_, v1, _) = await TwoCommitsAsync(repo);
        var edit = repo.WriteRandom(Model, 7000, 3);
        var editKey = TestHash.Sha256(edit);

        var refused = await repo.RunAsync("checkout", "v1");
        CollectionAssert.AreEqual(edit, repo.Read(Model), "without --force an edit stays");
        StringAssert.Contains(refused.Stderr, "was not overwritten");

        var forced = await repo.RunAsync("checkout", "v1", "--force");

        Assert.AreEqual(0, forced.ExitCode, forced.ToString());
        StringAssert.Contains(forced.Stdout, $"saved    {Model} (your edit, key {editKey[..8]})");
        CollectionAssert.AreEqual(v1, repo.Read(Model));
        CollectionAssert.AreEqual(edit, File.ReadAllBytes(new MachineCache(repo.Cache).ObjectPath(editKey)), "the edit can be had back by its key");
    }

    [TestMethod]
    public async Task APathInNoEntryOfTheRevision_IsDT0004()
    {
        using var repo = await TempRepo.CreateAsync();
        await TwoCommitsAsync(repo);

        var result = await repo.RunAsync("checkout", "v1", "data/nothing");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error DT0004:");
    }
}
