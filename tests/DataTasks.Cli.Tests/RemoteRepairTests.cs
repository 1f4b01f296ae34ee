using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Cli.Tests.S3;

namespace DataTasks.Cli.Tests;

/// <summary>verify --remote finds corrupt and missing remote objects; push --repair replaces a corrupt one from a verified local copy.</summary>
[TestClass]
public sealed class RemoteRepairTests
{
    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    private static async Task<(byte[] A, byte[] B)> AddAndPush(TempRepo repo)
    {
        var a = repo.WriteRandom("data/a.bin", 40_000, 1);
        var b = repo.WriteRandom("data/b.bin", 40_000, 2);
        await repo.RunOkAsync("add", "data");
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, push.ToString());
        return (a, b);
    }

    private static async Task CheckRepairCycle(TempRepo repo, byte[] a, Func<byte[], Task> corruptRemoteA, Func<Task<byte[]>> readRemoteA)
    {
        var clean = await repo.RunAsync("verify", "--remote");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        StringAssert.Contains(clean.Stdout, "verified 2 remote objects", clean.ToString());

        // A push of an intact file trusts the existing object: the advice of DT0301 used to do nothing.
        await corruptRemoteA([.. a[..1000].Select(x => (byte)~x), .. a[1000..]]);
        await repo.RunOkAsync("push");
        var verify = await repo.RunAsync("verify", "--remote");
        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        var key = TestHash.Sha256(a);
        var lines = verify.ErrLines.Where(l => l.StartsWith("error DT0301: ", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, lines.Count, verify.ToString());
        StringAssert.Contains(lines[0], key[..8], verify.ToString());
        StringAssert.Contains(lines[0], "push --repair data/a.bin", verify.ToString());

        // A local copy that does not match its key is never used to repair.
        var saved = repo.Read("data/a.bin");
        repo.WriteRandom("data/a.bin", 40_000, 99);
        var refused = await repo.RunAsync("push", "--repair", "data/a.bin");
        Assert.AreEqual(1, refused.ExitCode, refused.ToString());
        Assert.IsTrue(refused.ErrLines.Any(l => l.StartsWith("error DT0303: ", StringComparison.Ordinal)), refused.ToString());
        repo.WriteBytes("data/a.bin", saved);

        var repair = await repo.RunAsync("push", "--repair", "data/a.bin");
        Assert.AreEqual(0, repair.ExitCode, repair.ToString());
        StringAssert.Contains(repair.Stdout, "repaired data/a.bin", repair.ToString());
        CollectionAssert.AreEqual(a, await readRemoteA());
        var again = await repo.RunAsync("verify", "--remote");
        Assert.AreEqual(0, again.ExitCode, again.ToString());

        // Truncated works the same; a missing object is a line of its own.
        await corruptRemoteA(a[..100]);
        Assert.AreEqual(1, (await repo.RunAsync("verify", "--remote")).ExitCode);
        await repo.RunOkAsync("push", "--repair", "data/a.bin");
        CollectionAssert.AreEqual(a, await readRemoteA());
    }

    [TestMethod]
    public async Task FolderRemote_VerifyRemoteFindsCorruptAndMissingObjects_AndPushRepairReplacesThem()
    {
        using var repo = await TempRepo.CreateAsync();
        var (a, b) = await AddAndPush(repo);
        var objectA = Path.Join(repo.Remote, TestHash.Sha256(a));
        await CheckRepairCycle(
            repo,
            a,
            bytes =>
            {
                File.SetAttributes(objectA, FileAttributes.Normal);
                File.WriteAllBytes(objectA, bytes);
                return Task.CompletedTask;
            },
            () => Task.FromResult(File.ReadAllBytes(objectA)));

        File.Delete(Path.Join(repo.Remote, TestHash.Sha256(b)));
        var verify = await repo.RunAsync("verify", "--remote");
        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        Assert.IsTrue(verify.ErrLines.Any(l => l.StartsWith("error DT0205: ", StringComparison.Ordinal) && l.Contains("data/b.bin", StringComparison.Ordinal)), verify.ToString());
        await repo.RunOkAsync("push", "--repair", "data/b.bin");
        Assert.AreEqual(0, (await repo.RunAsync("verify", "--remote")).ExitCode);
    }

    [TestMethod]
    public async Task S3Remote_VerifyRemoteFindsACorruptObject_AndPushRepairReplacesIt()
    {
        await using var world = await S3World.CreateAsync();
        var repo = world.Repo;
        var (a, _) = await AddAndPush(repo);
        var bucketKey = S3World.BucketKey(TestHash.Sha256(a));
        await CheckRepairCycle(
            repo,
            a,
            bytes => world.Server.PutObjectAsync(bucketKey, bytes),
            () => Task.FromResult(File.ReadAllBytes(world.Server.ObjectFile(bucketKey))));
    }
}
