using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// The s3:// remote against a real S3 server (s3rver), configured as a user would: <c>"remote": "s3://bucket/prefix"</c>
/// with the minio preset, credentials only from the AWS default chain (environment). Each test has its own s3rver,
/// proxy, repository and machine cache.
/// </summary>
[TestClass]
public sealed class S3RemoteTests
{
    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    private static JsonObject SmallParts => new() { ["multipart_threshold_mb"] = 8, ["part_size_mb"] = 8 };

    [TestMethod]
    public async Task RoundTrip_EmptySmallAndMultipartFiles_RestoresIdenticalBytes_UnderPrefixSlashKey()
    {
        await using var world = await S3World.CreateAsync(withProxy: true, SmallParts);
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["data/empty.bin"] = repo.WriteRandom("data/empty.bin", 0, 1),
            ["data/small/a.csv"] = repo.WriteRandom("data/small/a.csv", 1_000, 2),
            ["data/small/b.bin"] = repo.WriteRandom("data/small/b.bin", 100_000, 3),
            ["data/big/model.bin"] = repo.WriteRandom("data/big/model.bin", 45 * 1024 * 1024, 4),
        };
        await repo.RunOkAsync("add", "data");

        var beforePush = proxy.Mark();
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        StringAssert.Contains(push.Stdout, "pushed 4 files", push.ToString());
        var pushRequests = proxy.RequestsSince(beforePush);
        var parts = pushRequests.Count(r => r.Method == "PUT" && r.Target.Contains("partNumber=", StringComparison.Ordinal) && r.Status == 200);
        Assert.IsGreaterThanOrEqualTo(6, parts, $"45 MB in 8 MB parts is at least 6 part uploads\n{S3Proxy.Describe(pushRequests)}");
        Assert.IsTrue(pushRequests.Any(r => r.Method == "POST" && r.Target.Contains("uploads", StringComparison.Ordinal)), $"a multipart upload was started\n{S3Proxy.Describe(pushRequests)}");

        foreach (var (path, bytes) in files)
        {
            Assert.AreEqual(TestHash.Sha256(bytes), repo.StorageKey(path), path);
        }

        var expectedKeys = files.Values.Select(b => S3World.BucketKey(TestHash.Sha256(b))).Distinct().Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expectedKeys, world.Server.ListKeys(), "the bucket holds exactly <prefix>/<sha256> per object");
        foreach (var bytes in files.Values)
        {
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(world.Server.ObjectFile(S3World.BucketKey(TestHash.Sha256(bytes)))), "s3rver holds the exact bytes");
        }

        Assert.HasCount(0, world.Server.PendingMultipartUploads(), "a successful push leaves no multipart upload open");

        world.ForgetLocalCopies();
        var beforePull = proxy.Mark();
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        StringAssert.Contains(pull.Stdout, "pulled 4 files", pull.ToString());
        StringAssert.Contains(pull.Stdout, " 0 failed", pull.ToString());
        Assert.IsGreaterThanOrEqualTo(3, proxy.RequestsSince(beforePull).Count(r => r.Method == "GET" && r.Status is 200 or 206), "the objects came from the bucket");
        Assert.IsFalse(proxy.RequestsSince(beforePull).Any(r => r.IsUpload), "pull uploads nothing");

        await S3World.AssertRestoredAsync(repo, files);
        proxy.AssertHealthy();
    }

    [TestMethod]
    public async Task SecondPush_AndAnotherClonesPushOfTheSameContent_UploadNothing()
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["data/a.bin"] = repo.WriteRandom("data/a.bin", 10_000, 21),
            ["data/b.bin"] = repo.WriteRandom("data/b.bin", 200_000, 22),
            ["data/c/d.bin"] = repo.WriteRandom("data/c/d.bin", 3_000_000, 23),
        };
        await repo.RunOkAsync("add", "data");
        var first = await repo.RunAsync("push");
        Assert.AreEqual(0, first.ExitCode, world.Diagnostics(first));
        Assert.IsTrue(proxy.Requests.Count(r => r.Method == "PUT") >= 3, $"the first push uploaded\n{S3Proxy.Describe(proxy.Requests)}");
        var bucket = Snapshot.Take(world.Server.DataDirectory);
        var manifest = repo.ManifestText;

        // The same clone again: everything is synced.
        var mark = proxy.Mark();
        var second = await repo.RunAsync("push");
        Assert.AreEqual(0, second.ExitCode, world.Diagnostics(second));
        StringAssert.Contains(second.Stdout, "pushed 0 files (0B)", second.ToString());
        var secondRequests = proxy.RequestsSince(mark);
        Assert.IsFalse(secondRequests.Any(r => r.IsUpload || r.Method == "DELETE"), $"a second push wrote to the bucket\n{S3Proxy.Describe(secondRequests)}");
        Assert.AreEqual(manifest, repo.ManifestText);

        // Another clone adds the same content (storage_key null) and pushes: the remote is asked, nothing is uploaded.
        using var clone = await TempRepo.CreateAsync(init: true, withRemote: false);
        File.Copy(Path.Join(repo.Root, ".datatasks", "config.json"), Path.Join(clone.Root, ".datatasks", "config.json"), overwrite: true);
        foreach (var (path, bytes) in files)
        {
            clone.WriteBytes(path, bytes);
        }

        await clone.RunOkAsync("add", "data");
        Assert.IsNull(clone.StorageKey("data/a.bin"));
        mark = proxy.Mark();
        var third = await clone.RunAsync("push");
        Assert.AreEqual(0, third.ExitCode, world.Diagnostics(third));
        StringAssert.Contains(third.Stdout, "pushed 0 files (0B), 3 already on the remote, 0 failed", third.ToString());
        var thirdRequests = proxy.RequestsSince(mark);
        Assert.IsNotEmpty(thirdRequests, "the clone's push asked the bucket what it has");
        // Existence checks, and one copy-onto-itself per object to renew its date for gc's grace period: no bytes sent.
        Assert.IsTrue(thirdRequests.All(r => r.Method is "HEAD" or "GET" || r.IsCopy), $"only HEAD/GET/list requests and copies\n{S3Proxy.Describe(thirdRequests)}");
        Assert.IsFalse(thirdRequests.Any(r => r.IsUpload), $"no upload\n{S3Proxy.Describe(thirdRequests)}");
        Assert.IsLessThanOrEqualTo(3 * 3, thirdRequests.Count, $"a bounded number of requests\n{S3Proxy.Describe(thirdRequests)}");
        foreach (var (path, bytes) in files)
        {
            Assert.AreEqual(TestHash.Sha256(bytes), clone.StorageKey(path), "keys are written for objects already on the remote");
        }

        bucket.AssertUnchanged("pushes of content the bucket has");
    }

    [TestMethod]
    public async Task PushDryRun_ChangesNothingInTheBucket_AndSaysWhatItWouldUpload()
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var present = repo.WriteRandom("data/present.bin", 50_000, 31);
        repo.WriteRandom("data/new.bin", 60_000, 32);
        await world.SeedObjectAsync(present);
        await repo.RunOkAsync("add", "data");
        var bucket = Snapshot.Take(world.Server.DataDirectory);
        var manifest = repo.ManifestText;

        var mark = proxy.Mark();
        var dry = await repo.RunAsync("push", "--dry-run");
        Assert.AreEqual(0, dry.ExitCode, world.Diagnostics(dry));
        StringAssert.Contains(dry.Stdout, "dry run: would upload 1 file (", dry.ToString());
        StringAssert.Contains(dry.Stdout, "1 already on the remote", dry.ToString());
        var requests = proxy.RequestsSince(mark);
        Assert.IsFalse(requests.Any(r => r.Method is not ("HEAD" or "GET")), $"a dry run only reads\n{S3Proxy.Describe(requests)}");
        bucket.AssertUnchanged("push --dry-run");
        Assert.AreEqual(manifest, repo.ManifestText, "push --dry-run writes no key");
        Assert.HasCount(1, world.Server.ListKeys());
    }

    [TestMethod]
    [DataRow("flipped", DisplayName = "bytes flipped on disk (s3rver's ETag is stale)")]
    [DataRow("replaced", DisplayName = "other content stored under the key (s3rver's ETag matches it)")]
    public async Task CorruptObjectInTheBucket_PullFailsWithDT0301_AndWritesNothingAtTheTarget(string how)
    {
        await using var world = await S3World.CreateAsync();
        var repo = world.Repo;
        var good = TestBytes.Seeded(300_000, 41);
        var other = TestBytes.Seeded(200_000, 42);
        var key = await world.SeedObjectAsync(good);
        var otherKey = await world.SeedObjectAsync(other);
        repo.WriteManifest([("data/x.bin", key, good.Length), ("data/y.bin", otherKey, other.Length)]);

        var objectFile = world.Server.ObjectFile(S3World.BucketKey(key));
        Assert.IsTrue(File.Exists(objectFile), $"s3rver keeps the object at {objectFile}");
        if (how == "flipped")
        {
            var bytes = File.ReadAllBytes(objectFile);
            for (var i = 1000; i < 1100; i++)
            {
                bytes[i] = (byte)~bytes[i];
            }

            File.WriteAllBytes(objectFile, bytes);
        }
        else
        {
            await world.Server.PutObjectAsync(S3World.BucketKey(key), TestBytes.Seeded(good.Length, 43));
        }

        Assert.AreNotEqual(key, TestHash.Sha256File(objectFile), "the object is corrupt now");

        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(1, pull.ExitCode, world.Diagnostics(pull));
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("error DT0301: ", StringComparison.Ordinal)), pull.ToString());
        Assert.IsFalse(pull.Stderr.Contains("   at ", StringComparison.Ordinal), pull.ToString());
        Assert.IsFalse(repo.Exists("data/x.bin"), "a corrupt object was materialised");
        Assert.IsFalse(File.Exists(repo.CacheObject(key)), "a corrupt object entered the machine cache");
        Assert.AreEqual(0, Directory.GetFiles(repo.Root, "*.dtpart", SearchOption.AllDirectories).Length, "temp files left in the tree");
        CollectionAssert.AreEqual(other, repo.Read("data/y.bin"), "the healthy object was pulled anyway");

        // Once the bucket is repaired, pull completes.
        await world.Server.PutObjectAsync(S3World.BucketKey(key), good);
        var again = await repo.RunAsync("pull");
        Assert.AreEqual(0, again.ExitCode, world.Diagnostics(again));
        CollectionAssert.AreEqual(good, repo.Read("data/x.bin"));
    }
}
