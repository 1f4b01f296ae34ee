using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 8: corrupt objects are never materialised, corrupt cache entries are quarantined, local edits are kept.</summary>
[TestClass]
public sealed class IntegrityTests
{
    private static async Task<(TempRepo Repo, byte[] Good, byte[] Other)> PushedRepo()
    {
        var repo = await TempRepo.CreateAsync();
        var good = repo.WriteRandom("data/x.bin", 50_000, 1);
        var other = repo.WriteRandom("data/y.bin", 50_000, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");

        // Another machine's view: push also keeps a copy of each pushed object in this machine's cache.
        TempDir.DeleteDirectory(repo.Cache);
        return (repo, good, other);
    }

    private static string[] TempFiles(string dir) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, "*.dtpart", SearchOption.AllDirectories) : [];

    private static void Overwrite(string path, byte[] bytes)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.SetAttributes(path, FileAttributes.Normal);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write);
        fs.Write(bytes);
    }

    [TestMethod]
    [DataRow(false, false, DisplayName = "same size, flipped bytes")]
    [DataRow(true, false, DisplayName = "truncated")]
    [DataRow(false, true, DisplayName = "same size, flipped bytes, pull --no-cache")]
    [DataRow(true, true, DisplayName = "truncated, pull --no-cache")]
    public async Task CorruptRemoteObject_PullFailsWithDT0301_AndWritesNothingAtTheTarget(bool truncate, bool noCache)
    {
        var (repo, good, other) = await PushedRepo();
        using var _ = repo;
        Directory.Delete(repo.PathOf("data"), recursive: true);
        var key = TestHash.Sha256(good);
        var remoteObject = Path.Join(repo.Remote, key);
        if (truncate)
        {
            File.WriteAllBytes(remoteObject, good[..1000]);
        }
        else
        {
            Overwrite(remoteObject, [.. good[..100].Select(b => (byte)~b)]);
        }

        var pull = await repo.RunAsync(noCache ? ["pull", "--no-cache"] : ["pull"]);
        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("error DT0301: ", StringComparison.Ordinal)), pull.ToString());
        Assert.IsFalse(pull.Stderr.Contains("   at ", StringComparison.Ordinal), pull.ToString());
        StringAssert.Contains(pull.Stdout, "1 failed", pull.ToString());
        Assert.IsFalse(repo.Exists("data/x.bin"), "a corrupt object was materialised");
        Assert.AreEqual(0, TempFiles(repo.Root).Length, $"temp files left: {string.Join(", ", TempFiles(repo.Root))}");
        Assert.AreEqual(0, TempFiles(repo.Cache).Length, $"temp files left in the cache: {string.Join(", ", TempFiles(repo.Cache))}");
        Assert.IsFalse(File.Exists(repo.CacheObject(key)), "a corrupt object entered the machine cache");

        // The healthy file was pulled anyway.
        CollectionAssert.AreEqual(other, repo.Read("data/y.bin"));

        // Once the remote is repaired, pull completes.
        File.WriteAllBytes(remoteObject, good);
        await repo.RunOkAsync("pull");
        CollectionAssert.AreEqual(good, repo.Read("data/x.bin"));
    }

    [TestMethod]
    public async Task CorruptCacheObject_IsQuarantined_RefetchedFromRemote_AndTheTreeFileIsCorrect()
    {
        var (repo, good, _) = await PushedRepo();
        using var __ = repo;
        Directory.Delete(repo.PathOf("data"), recursive: true);
        await repo.RunOkAsync("pull");
        var key = TestHash.Sha256(good);
        var cached = repo.CacheObject(key);
        Overwrite(cached, [.. good[..100].Select(b => (byte)~b)]);
        Assert.AreNotEqual(key, TestHash.Sha256File(cached));
        Directory.Delete(repo.PathOf("data"), recursive: true);

        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("warning DT0301: ", StringComparison.Ordinal)), pull.ToString());
        CollectionAssert.AreEqual(good, repo.Read("data/x.bin"), "the tree file is the good content");
        Assert.AreEqual(key, TestHash.Sha256File(cached), "the cache holds the good object again");

        var quarantine = Path.Join(repo.Cache, "quarantine");
        var moved = Directory.Exists(quarantine) ? Directory.GetFiles(quarantine) : [];
        Assert.AreEqual(1, moved.Length, "the corrupt object was moved to <cache>/quarantine/");
        StringAssert.StartsWith(Path.GetFileName(moved[0]), key);
        Assert.AreNotEqual(key, TestHash.Sha256File(moved[0]), "the quarantined file is the corrupt one");
    }

    [TestMethod]
    public async Task CorruptCacheObject_WithTheRemoteGone_FailsInsteadOfMaterialisingIt()
    {
        var (repo, good, _) = await PushedRepo();
        using var __ = repo;
        Directory.Delete(repo.PathOf("data"), recursive: true);
        await repo.RunOkAsync("pull");
        var key = TestHash.Sha256(good);
        Overwrite(repo.CacheObject(key), [1, 2, 3]);
        Directory.Delete(repo.PathOf("data"), recursive: true);
        Directory.Delete(repo.Remote, recursive: true);

        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("warning DT0301: ", StringComparison.Ordinal)), pull.ToString());
        Assert.IsFalse(repo.Exists("data/x.bin"), "a corrupt cached object was materialised");
        Assert.IsTrue(repo.Exists("data/y.bin"));
    }

    [TestMethod]
    public async Task Verify_AfterEditingAPulledFile_Exit1WithMismatchLineAndDT0303()
    {
        var (repo, good, _) = await PushedRepo();
        using var _ = repo;
        Directory.Delete(repo.PathOf("data"), recursive: true);
        await repo.RunOkAsync("pull");
        Assert.AreEqual(0, (await repo.RunAsync("verify")).ExitCode);

        using (var fs = new FileStream(repo.PathOf("data/x.bin"), FileMode.Open, FileAccess.Write))
        {
            fs.Position = 10;
            fs.WriteByte((byte)~good[10]);
        }

        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        Assert.IsTrue(verify.OutLines.Any(l => l.StartsWith("mismatch data/x.bin (", StringComparison.Ordinal)), verify.ToString());
        Assert.IsFalse(verify.OutLines.Any(l => l.Contains("data/y.bin", StringComparison.Ordinal) && l.StartsWith("mismatch", StringComparison.Ordinal)), verify.ToString());
        Assert.AreEqual(1, verify.ErrLines.Length, verify.ToString());
        StringAssert.StartsWith(verify.ErrLines[0], "error DT0303: ");

        var json = await repo.RunAsync("verify", "--json");
        Assert.AreEqual(1, json.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.AreEqual(1, doc.RootElement.GetProperty("mismatched").GetInt32());
    }

    [TestMethod]
    public async Task Pull_NeverOverwritesALocallyModifiedFile()
    {
        var (repo, _, _) = await PushedRepo();
        using var __ = repo;
        var edited = TestBytes.Seeded(777, 99);
        repo.WriteBytes("data/x.bin", edited);
        File.Delete(repo.PathOf("data/y.bin"));

        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("warning DT0303: ", StringComparison.Ordinal) && l.Contains("data/x.bin", StringComparison.Ordinal)), pull.ToString());
        CollectionAssert.AreEqual(edited, repo.Read("data/x.bin"), "pull overwrote a local change");
        Assert.IsTrue(repo.Exists("data/y.bin"), "the other file is still pulled");
    }

    /// <remarks>
    /// After a git pull moves an entry to a new key, the file on disk holds the old version. Its content is in the
    /// machine cache (it was pulled), so pull replaces it: nothing is lost. An edited file next to it is not in the
    /// cache and is kept, as always.
    /// </remarks>
    [TestMethod]
    public async Task Pull_ReplacesAFileHoldingAnEarlierVersionOfItsEntry_ButNotALocalEdit()
    {
        var (repo, good, _) = await PushedRepo();
        using var __ = repo;
        Directory.Delete(repo.PathOf("data"), recursive: true);
        await repo.RunOkAsync("pull");

        // Elsewhere, x.bin gets a new version and y.bin is edited locally here; then the manifest moves to x's new key.
        var v2 = TestBytes.Seeded(60_000, 3);
        var v2Key = repo.PutRemoteObject(v2);
        repo.WriteManifest([("data/x.bin", v2Key, v2.Length), ("data/y.bin", repo.StorageKey("data/y.bin"), 50_000)]);
        var edited = TestBytes.Seeded(50_000, 98);
        repo.WriteBytes("data/y.bin", edited);

        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(v2, repo.Read("data/x.bin"), $"the old version was not replaced\n{pull}");
        CollectionAssert.AreEqual(edited, repo.Read("data/y.bin"), "pull overwrote a local change");
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("warning DT0303: ", StringComparison.Ordinal) && l.Contains("data/y.bin", StringComparison.Ordinal)), pull.ToString());
        Assert.AreEqual(0, (await repo.RunAsync("verify", "data/x.bin")).ExitCode);
    }

    [TestMethod]
    public async Task Pull_SkipsAFileWhoseHashAlreadyMatches_WithoutTouchingIt()
    {
        var (repo, good, other) = await PushedRepo();
        using var _ = repo;

        // x.bin: the original file; y.bin: deleted, then an identical copy written by hand (no stat-cache record for it).
        File.Delete(repo.PathOf("data/y.bin"));
        repo.WriteBytes("data/y.bin", other);
        var past = new DateTime(2021, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(repo.PathOf("data/x.bin"), past);
        File.SetLastWriteTimeUtc(repo.PathOf("data/y.bin"), past);
        var before = new[] { "data/x.bin", "data/y.bin" }.ToDictionary(p => p, p => FileStat.TryGet(repo.PathOf(p))!.Value);

        var pull = await repo.RunOkAsync("pull");
        StringAssert.Contains(pull.Stdout, "2 up to date", pull.ToString());
        foreach (var (path, stat) in before)
        {
            var now = FileStat.TryGet(repo.PathOf(path))!.Value;
            Assert.AreEqual(stat.FileId, now.FileId, $"{path} was replaced (new inode)");
            Assert.AreEqual(stat.MTimeNs, now.MTimeNs, $"{path} was rewritten (mtime changed)");
        }

        Assert.IsFalse(Directory.Exists(Path.Join(repo.Cache, "objects")), "nothing needed fetching");
    }
}
