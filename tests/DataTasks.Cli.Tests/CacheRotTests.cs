using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests;

/// <summary>
/// A cached object that rots after it was verified (same size, same stamp, different bytes) must never reach a tree:
/// materialising hashes while it copies, quarantines the bad object and fetches it again.
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheRotTests
{
    private static async Task<(TempRepo Repo, byte[] Good, string Key)> PulledRepo()
    {
        var repo = await TempRepo.CreateAsync();
        var good = repo.WriteRandom("data/x.bin", 300_000, 7);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/x.bin"));
        await repo.RunOkAsync("pull");
        return (repo, good, TestHash.Sha256(good));
    }

    /// <summary>Flips bytes in a cached object and puts its size, mode and verification stamp back, as bit rot would.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static void Rot(string cachedObject)
    {
        var stamp = File.GetLastWriteTimeUtc(cachedObject);
        Assert.AreEqual(MachineCache.VerifiedStamp, stamp, "the object was sealed");
        var mode = File.GetUnixFileMode(cachedObject);
        File.SetUnixFileMode(cachedObject, mode | UnixFileMode.UserWrite);
        using (var fs = new FileStream(cachedObject, FileMode.Open, FileAccess.ReadWrite))
        {
            fs.Position = 1234;
            var b = fs.ReadByte();
            fs.Position = 1234;
            fs.WriteByte((byte)~b);
        }

        File.SetLastWriteTimeUtc(cachedObject, stamp);
        File.SetUnixFileMode(cachedObject, mode);
    }

    private static string SecondClone(TempRepo repo)
    {
        var clone = Path.Join(repo.Base, "clone2");
        Directory.CreateDirectory(Path.Join(clone, ".datatasks"));
        File.Copy(repo.ManifestPath, Path.Join(clone, "artifacts.json"));
        File.Copy(Path.Join(repo.Root, ".datatasks", "config.json"), Path.Join(clone, ".datatasks", "config.json"));
        return clone;
    }

    [TestMethod]
    [DataRow(false, DisplayName = "pull")]
    [DataRow(true, DisplayName = "pull --no-cache")]
    public async Task RottedCacheObject_IsQuarantinedAndFetchedAgain_NeverCopiedIntoEitherClone(bool noCache)
    {
        var (repo, good, key) = await PulledRepo();
        using var _ = repo;
        Rot(repo.CacheObject(key));
        File.Delete(repo.PathOf("data/x.bin"));

        var pull = await repo.RunAsync(noCache ? ["pull", "--no-cache"] : ["pull"]);
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(good, repo.Read("data/x.bin"), "the tree got the rotted bytes");
        StringAssert.Contains(pull.Stderr, "warning DT0301:", pull.ToString());
        Assert.AreEqual(1, Directory.GetFiles(Path.Join(repo.Cache, "quarantine")).Length, "the bad object is kept in quarantine");
        CollectionAssert.AreEqual(good, File.ReadAllBytes(repo.CacheObject(key)), "the cache holds a good copy again");
        var status = await repo.RunOkAsync("status");
        StringAssert.Contains(status.Stdout, "synced", status.ToString());

        // The second clone on the same machine cache gets the good bytes too.
        var clone = SecondClone(repo);
        var second = await CliRunner.RunInProcessAsync(["--cache-dir", repo.Cache, "pull"], clone);
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        CollectionAssert.AreEqual(good, File.ReadAllBytes(Path.Join(clone, "data", "x.bin")));
    }

    [TestMethod]
    public async Task RottedCacheObject_InASecondClone_IsRepairedOnItsFirstPull()
    {
        var (repo, good, key) = await PulledRepo();
        using var _ = repo;
        Rot(repo.CacheObject(key));
        var clone = SecondClone(repo);
        var second = await CliRunner.RunInProcessAsync(["--cache-dir", repo.Cache, "pull"], clone);
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        CollectionAssert.AreEqual(good, File.ReadAllBytes(Path.Join(clone, "data", "x.bin")));
        Assert.AreEqual(0, Directory.GetFiles(clone, "*.dtpart", SearchOption.AllDirectories).Length);
    }

    [TestMethod]
    public async Task RottedCacheObject_AndNoRemoteCopy_FailsThatFileWithDT0301_AndLeavesNothingAtTheTarget()
    {
        var (repo, _, key) = await PulledRepo();
        using var __ = repo;
        Rot(repo.CacheObject(key));
        File.Delete(Path.Join(repo.Remote, key));
        File.Delete(repo.PathOf("data/x.bin"));

        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("error DT0301: ", StringComparison.Ordinal) && l.Contains("data/x.bin", StringComparison.Ordinal)), pull.ToString());
        Assert.IsFalse(repo.Exists("data/x.bin"), "nothing may be left at the target");
        Assert.AreEqual(0, Directory.GetFiles(repo.Root, "*.dtpart", SearchOption.AllDirectories).Length);
        Assert.IsFalse(pull.Stderr.Contains("   at ", StringComparison.Ordinal), pull.ToString());
    }

    [TestMethod]
    public async Task Verify_RehashesTheCacheObjectsOfItsEntries_AndQuarantinesARottedOne()
    {
        var (repo, _, key) = await PulledRepo();
        using var _ = repo;
        Rot(repo.CacheObject(key));

        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        Assert.IsTrue(verify.ErrLines.Any(l => l.StartsWith("error DT0301: ", StringComparison.Ordinal) && l.Contains(key[..8], StringComparison.Ordinal)), verify.ToString());
        Assert.IsFalse(File.Exists(repo.CacheObject(key)), "the rotted object is no longer served");
        Assert.AreEqual(1, Directory.GetFiles(Path.Join(repo.Cache, "quarantine")).Length);

        var again = await repo.RunAsync("verify");
        Assert.AreEqual(0, again.ExitCode, again.ToString());
    }

    [TestMethod]
    public async Task GcCacheVerify_RehashesEveryCachedObject_QuarantinesRottedOnes_AndExitsOne()
    {
        var (repo, _, key) = await PulledRepo();
        using var _ = repo;
        var clean = await repo.RunAsync("gc", "--cache", "--verify");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        StringAssert.Contains(clean.Stdout, "verified 1 object", clean.ToString());

        Rot(repo.CacheObject(key));
        var gc = await repo.RunAsync("gc", "--cache", "--verify");
        Assert.AreEqual(1, gc.ExitCode, gc.ToString());
        Assert.IsTrue(gc.ErrLines.Any(l => l.StartsWith("error DT0301: ", StringComparison.Ordinal) && l.Contains(key[..8], StringComparison.Ordinal)), gc.ToString());
        Assert.IsFalse(File.Exists(repo.CacheObject(key)));
        Assert.AreEqual(1, Directory.GetFiles(Path.Join(repo.Cache, "quarantine")).Length);
    }
}
