using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// push, pull, gc and the push's date renewal (a copy of an object onto itself) against radosgw, which checks every
/// SigV4 signature and payload hash, for each preset whose protocol settings it accepts: minio, generic and r2. The aws
/// preset's streaming trailer checksums are refused by radosgw 16 (<see cref="RadosGatewayChecksumTests"/>).
/// </summary>
[TestClass]
public sealed class RadosGatewayPresetTests
{
    private static JsonObject SmallParts => new() { ["multipart_threshold_mb"] = 5, ["part_size_mb"] = 5 };

    [TestMethod]
    [DataRow("minio")]
    [DataRow("generic")]
    [DataRow("r2")]
    public async Task PushThenPull_EmptySmallAndMultipartFiles_RoundTripThroughRadosGateway(string provider)
    {
        using var world = await RadosWorld.CreateAsync(provider, SmallParts);
        var repo = world.Repo;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["data/empty.bin"] = repo.WriteRandom("data/empty.bin", 0, 1),
            ["data/small.csv"] = repo.WriteRandom("data/small.csv", 1_000, 2),
            ["data/big/model.bin"] = repo.WriteRandom("data/big/model.bin", 12 * 1024 * 1024, 3),
        };
        await repo.RunOkAsync("add", "data");

        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        StringAssert.Contains(push.Stdout, "pushed 3 files", push.ToString());
        var expected = files.Values.Select(b => RadosWorld.BucketKey(TestHash.Sha256(b))).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, await world.ListKeysAsync(), "the bucket holds exactly <prefix>/<sha256> per object");
        foreach (var bytes in files.Values)
        {
            CollectionAssert.AreEqual(bytes, await world.ReadObjectAsync(RadosWorld.BucketKey(TestHash.Sha256(bytes))), "radosgw holds the exact bytes");
        }

        Assert.AreEqual(0, await world.PendingMultipartUploadsAsync(), "a successful push leaves no multipart upload open");

        Directory.Delete(repo.PathOf("data"), recursive: true);
        TempDir.DeleteDirectory(repo.Cache);
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        StringAssert.Contains(pull.Stdout, "pulled 3 files", pull.ToString());
        await S3World.AssertRestoredAsync(repo, files);
    }

    [TestMethod]
    [DataRow("minio")]
    [DataRow("generic")]
    [DataRow("r2")]
    public async Task GcPrune_DeletesTheOrphanFromRadosGateway_AndKeepsTheReferencedObject(string provider)
    {
        using var world = await RadosWorld.CreateAsync(provider);
        var repo = world.Repo;
        var kept = repo.WriteRandom("data/kept.bin", 20_000, 11);
        var dropped = repo.WriteRandom("data/dropped.bin", 30_000, 12);
        await repo.RunOkAsync("add", "data");
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        await repo.RunOkAsync("rm", "data/dropped.bin");

        var list = await repo.RunAsync("gc", "--grace", "0");
        Assert.AreEqual(0, list.ExitCode, world.Diagnostics(list));
        Assert.HasCount(2, await world.ListKeysAsync(), "gc without --prune deletes nothing");

        var prune = await repo.RunAsync("gc", "--prune", "--grace", "0");
        Assert.AreEqual(0, prune.ExitCode, world.Diagnostics(prune));
        StringAssert.Contains(prune.Stdout, "deleted 1 object (", prune.ToString());
        CollectionAssert.AreEqual(new[] { RadosWorld.BucketKey(TestHash.Sha256(kept)) }, await world.ListKeysAsync(), $"only the orphan {TestHash.Sha256(dropped)} was deleted");
    }

    [TestMethod]
    [DataRow("minio")]
    [DataRow("generic")]
    [DataRow("r2")]
    public async Task PushOfContentAlreadyInTheBucket_RenewsItsDate_ByCopyingItOntoItself(string provider)
    {
        using var world = await RadosWorld.CreateAsync(provider);
        var content = world.Repo.WriteRandom("data/shared.bin", 40_000, 21);
        await world.Repo.RunOkAsync("add", "data");
        var first = await world.Repo.RunAsync("push");
        Assert.AreEqual(0, first.ExitCode, world.Diagnostics(first));
        var key = RadosWorld.BucketKey(TestHash.Sha256(content));
        var written = await world.LastModifiedAsync(key);

        // S3 dates have whole seconds: let the clock pass the next one so a renewal is visible.
        while (DateTime.UtcNow < written.AddSeconds(1.5))
        {
            await Task.Delay(100);
        }

        // Another clone adds the same content: the object is on the remote, so push only renews its date.
        using var clone = await TempRepo.CreateAsync(init: true, withRemote: false);
        File.Copy(Path.Join(world.Repo.Root, ".datatasks", "config.json"), Path.Join(clone.Root, ".datatasks", "config.json"), overwrite: true);
        clone.WriteBytes("data/shared.bin", content);
        await clone.RunOkAsync("add", "data");
        var second = await clone.RunAsync("push");
        Assert.AreEqual(0, second.ExitCode, world.Diagnostics(second));
        StringAssert.Contains(second.Stdout, "1 already on the remote", second.ToString());

        var renewed = await world.LastModifiedAsync(key);
        Assert.IsGreaterThan(written, renewed, $"the copy onto itself renewed the date ({written:O} -> {renewed:O})");
        CollectionAssert.AreEqual(content, await world.ReadObjectAsync(key), "the copy kept the bytes");
    }
}
