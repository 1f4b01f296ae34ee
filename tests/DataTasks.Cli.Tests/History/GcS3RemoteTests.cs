using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Cli.Tests.S3;

namespace DataTasks.Cli.Tests.History;

/// <summary>gc against a real S3 server (s3rver): listing through ListObjectsV2, deleting through DeleteObjects.</summary>
[TestClass]
public sealed class GcS3RemoteTests
{
    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    [TestMethod]
    public async Task Gc_OnS3_DeletesExactlyTheOrphans_InOneBatch_AndKeepsYoungObjects()
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        var repo = world.Repo;
        Git.Run(repo.Root, "symbolic-ref", "HEAD", "refs/heads/main");
        var kept = await Git.AddAndPushAsync(repo, "data/kept.bin", 2000, 1);
        var replaced = await Git.AddAndPushAsync(repo, "data/x.bin", 2000, 2);
        Git.CommitManifest(repo, "first");
        var branchOnly = await Git.AddAndPushAsync(repo, "data/b.bin", 2000, 3);
        Git.Run(repo.Root, "checkout", "-q", "-b", "keep-me");
        Git.CommitManifest(repo, "branch");
        Git.Run(repo.Root, "checkout", "-q", "main");

        // Rewrite main: amend 'first' so x.bin never had the old content there.
        await Git.AddAndPushAsync(repo, "data/x.bin", 2000, 4);
        var current = repo.StorageKey("data/x.bin")!;
        Git.Run(repo.Root, "add", "artifacts.json");
        Git.Run(repo.Root, "commit", "-q", "--amend", "-m", "first, amended");
        Git.Run(repo.Root, "branch", "-q", "-D", "keep-me");
        Git.Run(repo.Root, "tag", "keep-tag", Git.Run(repo.Root, "rev-parse", "HEAD"));
        var stray1 = await world.SeedObjectAsync(TestBytes.Seeded(300, 5));
        var stray2 = await world.SeedObjectAsync(TestBytes.Seeded(400, 6));

        // The branch with b.bin is deleted; it was never tagged, so b.bin is an orphan too.
        var old = DateTime.UtcNow - TimeSpan.FromDays(2);
        foreach (var key in new[] { kept, replaced, branchOnly, current, stray1 })
        {
            File.SetLastWriteTimeUtc(world.Server.ObjectFile(S3World.BucketKey(key)), old);
        }

        var young = stray2;
        var mark = world.Proxy!.Mark();
        var gc = await repo.RunAsync("gc", "--prune");
        Assert.AreEqual(0, gc.ExitCode, world.Diagnostics(gc));
        var expected = new[] { kept, current, young }.Select(S3World.BucketKey).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, world.Server.ListKeys(), $"exactly the old orphans were deleted\n{world.Diagnostics(gc)}");
        StringAssert.Contains(gc.Stdout, "deleted 3 objects", gc.ToString());
        StringAssert.Contains(gc.Stdout, $"young    {young}", gc.ToString());
        var deletes = world.Proxy.RequestsSince(mark).Where(r => r.Method == "POST" && r.Target.Contains("delete", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, deletes, $"one DeleteObjects batch\n{S3Proxy.Describe(world.Proxy.RequestsSince(mark))}");
        world.Proxy.AssertHealthy();

        world.ForgetLocalCopies();
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
    }

    /// <remarks>
    /// Push renews the date of an object it relies on but does not upload (a CopyObject onto itself, which is how S3
    /// renews LastModified), so gc's grace period protects an old orphan that is needed again. s3rver 3.7.1 cannot show
    /// the renewal (it decodes the SDK's x-amz-copy-source with decodeURI, leaves %2F alone and answers 404; and a copy
    /// onto itself never touches its object file): what this checks is that the request is made, that a store which
    /// refuses it leaves the push successful with warning DT0305, and that the object is untouched. The folder remote's
    /// renewal is checked end to end by GcFolderRemoteTests.
    /// </remarks>
    [TestMethod]
    public async Task Push_OfContentAlreadyOnS3_AsksToRenewTheObjectsDate_AndWarnsDT0305WhenTheStoreCannot()
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        var repo = world.Repo;
        var bytes = TestBytes.Seeded(5000, 11);
        var key = await world.SeedObjectAsync(bytes);

        repo.WriteBytes("data/same.bin", bytes);
        await repo.RunOkAsync("add", "data/same.bin");
        var mark = world.Proxy!.Mark();
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        StringAssert.Contains(push.Stdout, "1 already on the remote", push.ToString());
        Assert.AreEqual(key, repo.StorageKey("data/same.bin"));
        var requests = world.Proxy.RequestsSince(mark);
        Assert.IsTrue(requests.Any(r => r.Method == "PUT" && r.Target.EndsWith(key, StringComparison.Ordinal)), $"no CopyObject was sent\n{S3Proxy.Describe(requests)}");
        StringAssert.Contains(push.Stderr, "warning DT0305: data/same.bin: the remote already has object", push.ToString());
        Assert.AreEqual(key, TestHash.Sha256File(world.Server.ObjectFile(S3World.BucketKey(key))), "the object's bytes changed");
    }
}
