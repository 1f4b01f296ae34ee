using System.Text;
using DataTasks.Core.Hashing;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Hashing;

[TestClass]
public sealed class StatCacheTests
{
    /// <summary>Long enough that two timestamps taken this far apart differ even on a coarse file system clock.</summary>
    private const int ClockTickMs = 50;

    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    private static FileStat StatOf(string file) => FileStat.TryGet(file) ?? throw new AssertFailedException($"no stat for {file}");

    /// <summary>A data file whose mtime is in the past and whose ctime is at least a clock tick before the next write.</summary>
    /// <summary>Writes a cache file that remembers one path with this stat and key.</summary>
    private static void SaveCacheOf(string cacheFile, string path, FileStat stat, string key)
    {
        var cache = StatCache.Load(cacheFile);
        cache.Set(path, stat, key);
        cache.Save();
    }

    private static (string File, FileStat Stat, string Key) OldFile(TempDir dir, string name, string content)
    {
        var file = dir.Write(name, content);
        File.SetLastWriteTimeUtc(file, LongAgo);
        Thread.Sleep(ClockTickMs);
        return (file, StatOf(file), TestHash.Sha256(Encoding.UTF8.GetBytes(content)));
    }

    [TestMethod]
    public void Load_MissingFile_IsEmptyAndMisses()
    {
        using var dir = new TempDir();
        var (_, stat, _) = OldFile(dir, "d.bin", "data");

        var cache = StatCache.Load(dir.Combine("state/stat-cache.bin"));

        Assert.AreEqual(0, cache.Count);
        Assert.IsFalse(cache.TryGetKey("d.bin", stat, out var key));
        Assert.AreEqual(string.Empty, key);
    }

    [TestMethod]
    public void SetSaveLoad_UnchangedOldFile_Hits()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("state/stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        var cache = StatCache.Load(cacheFile);
        cache.Set("d.bin", stat, key);
        cache.Save();

        var cacheStat = StatOf(cacheFile);
        Assert.IsLessThan(cacheStat.MTimeNs, stat.MTimeNs, "precondition: data mtime older than the cache file");
        Assert.IsLessThan(cacheStat.MTimeNs, stat.CTimeNs, "precondition: data ctime older than the cache file");

        var loaded = StatCache.Load(cacheFile);
        Assert.AreEqual(1, loaded.Count);
        Assert.IsTrue(loaded.TryGetKey("d.bin", stat, out var hit));
        Assert.AreEqual(key, hit);
        Assert.IsFalse(loaded.TryGetKey("other.bin", stat, out _), "keyed by path");
        Assert.IsFalse(loaded.TryGetKey("D.bin", stat, out _), "paths are ordinal");
        CollectionAssert.AreEqual(new[] { "d.bin", "state/stat-cache.bin" }, dir.AllFiles(), "no temp file left");
    }

    [TestMethod]
    public void TryGetKey_FileModifiedInTheCacheFilesTick_IsRacyAndMisses()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var file = dir.Write("d.bin", "data");
        var stat = StatOf(file);
        var cache = StatCache.Load(cacheFile);
        cache.Set("d.bin", stat, TestHash.Sha256("data"u8.ToArray()));
        cache.Save();

        // The cache file was written in the same clock tick as the data file: mtime(data) >= mtime(cache).
        File.SetLastWriteTimeUtc(cacheFile, DateTime.UnixEpoch.AddTicks(stat.MTimeNs / 100));
        Assert.IsGreaterThanOrEqualTo(StatOf(cacheFile).MTimeNs, stat.MTimeNs, "precondition");

        Assert.IsFalse(StatCache.Load(cacheFile).TryGetKey("d.bin", stat, out _));
    }

    [TestMethod]
    public void TryGetKey_OldMtimeButCtimeNotOlderThanCache_IsRacyAndMisses()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        SaveCacheOf(cacheFile, "d.bin", stat, key);

        // Between the data file's mtime (an hour ago) and its ctime (just now).
        File.SetLastWriteTimeUtc(cacheFile, LongAgo.AddMinutes(30));
        var threshold = StatOf(cacheFile).MTimeNs;
        Assert.IsLessThan(threshold, stat.MTimeNs, "precondition");
        Assert.IsGreaterThanOrEqualTo(threshold, stat.CTimeNs, "precondition");

        Assert.IsFalse(StatCache.Load(cacheFile).TryGetKey("d.bin", stat, out _));
    }

    [TestMethod]
    public void TryGetKey_AnyStatFieldChanged_Misses()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        SaveCacheOf(cacheFile, "d.bin", stat, key);
        File.SetLastWriteTimeUtc(cacheFile, DateTime.UtcNow.AddHours(1)); // far from racy
        var loaded = StatCache.Load(cacheFile);

        Assert.IsTrue(loaded.TryGetKey("d.bin", stat, out _), "control");
        Assert.IsFalse(loaded.TryGetKey("d.bin", stat with { Size = stat.Size + 1 }, out _), "size");
        Assert.IsFalse(loaded.TryGetKey("d.bin", stat with { MTimeNs = stat.MTimeNs + 1 }, out _), "mtime, by one nanosecond");
        Assert.IsFalse(loaded.TryGetKey("d.bin", stat with { CTimeNs = stat.CTimeNs - 1 }, out _), "ctime");
        Assert.IsFalse(loaded.TryGetKey("d.bin", stat with { FileId = stat.FileId + 1 }, out _), "inode");
    }

    [TestMethod]
    public void TryGetKey_FileReplacedBySameSizeAndMtimeThroughRename_MissesOnInode()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (file, stat, key) = OldFile(dir, "d.bin", "aaaa");
        SaveCacheOf(cacheFile, "d.bin", stat, key);

        var other = dir.Write("other.tmp", "bbbb");
        File.SetLastWriteTimeUtc(other, File.GetLastWriteTimeUtc(file));
        var otherStatBefore = StatOf(other);
        File.Move(other, file, overwrite: true);
        File.SetLastWriteTimeUtc(cacheFile, DateTime.UtcNow.AddHours(1)); // rule out the racy check
        var replaced = StatOf(file);

        Assert.AreEqual(stat.Size, replaced.Size, "precondition: same size");
        Assert.AreEqual(stat.MTimeNs, replaced.MTimeNs, "precondition: same mtime");
        Assert.AreEqual(otherStatBefore.FileId, replaced.FileId, "precondition: rename keeps the inode");
        Assert.AreNotEqual(stat.FileId, replaced.FileId, "precondition: a different inode");
        var sameButInode = replaced with { FileId = stat.FileId, CTimeNs = stat.CTimeNs };
        Assert.IsTrue(StatCache.Load(cacheFile).TryGetKey("d.bin", sameButInode, out _), "control: only the inode differs");

        Assert.IsFalse(StatCache.Load(cacheFile).TryGetKey("d.bin", replaced, out _));
    }

    [TestMethod]
    public void RacilyCleanEntry_IsRewrittenSoTheNextLoadHits()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        var first = StatCache.Load(cacheFile);
        first.Set("d.bin", stat, key);
        first.Save();

        // Simulate a cache written in the same tick as the data file: the entry is racy.
        File.SetLastWriteTimeUtc(cacheFile, LongAgo.AddHours(-1));
        var second = StatCache.Load(cacheFile);
        Assert.IsFalse(second.TryGetKey("d.bin", stat, out _), "precondition: racy");

        // The caller re-hashes, finds the same content and records it again, as WorkingTree does.
        second.Set("d.bin", stat, key);
        second.Save();

        // Without rewriting, the cache file keeps its old mtime and this file is re-hashed on every run forever.
        Assert.IsTrue(StatCache.Load(cacheFile).TryGetKey("d.bin", stat, out var hit));
        Assert.AreEqual(key, hit);
    }

    [TestMethod]
    public void Save_WithoutChanges_DoesNotRewriteTheFile()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        SaveCacheOf(cacheFile, "d.bin", stat, key);
        var future = DateTime.UtcNow.AddHours(2);
        File.SetLastWriteTimeUtc(cacheFile, future);

        var loaded = StatCache.Load(cacheFile);
        loaded.Set("d.bin", stat, key); // same stat, same key, not racy
        loaded.Save();

        Assert.AreEqual(future, File.GetLastWriteTimeUtc(cacheFile));
    }

    [TestMethod]
    public void Remove_ForgetsAndIsSaved()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "a.bin", "a");
        var cache = StatCache.Load(cacheFile);
        cache.Set("a.bin", stat, key);
        cache.Set("b.bin", stat, key);
        cache.Set("ü/c.bin", stat, key);
        cache.Save();

        var loaded = StatCache.Load(cacheFile);
        Assert.AreEqual(3, loaded.Count);
        loaded.Remove("b.bin");
        loaded.Remove("missing");
        loaded.Save();

        var again = StatCache.Load(cacheFile);
        Assert.AreEqual(2, again.Count);
        Assert.IsTrue(again.TryGetKey("ü/c.bin", stat, out _));
        Assert.IsFalse(again.TryGetKey("b.bin", stat, out _));
    }

    [TestMethod]
    [DataRow(new byte[] { }, DisplayName = "empty file")]
    [DataRow(new byte[] { 1, 2, 3 }, DisplayName = "too short")]
    [DataRow(new byte[] { 0x44, 0x54, 0x53, 0x43, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff }, DisplayName = "negative count")]
    [DataRow(new byte[] { 0x44, 0x54, 0x53, 0x43, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f }, DisplayName = "huge count")]
    [DataRow(new byte[] { 0x44, 0x54, 0x53, 0x43, 1, 0, 0, 0, 5, 0, 0, 0, 1, (byte)'a' }, DisplayName = "truncated records")]
    [DataRow(new byte[] { 0x44, 0x54, 0x53, 0x43, 1, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff }, DisplayName = "bad string length")]
    public void Load_CorruptFile_GivesEmptyCacheWithoutThrowing(byte[] content)
    {
        using var dir = new TempDir();
        var cacheFile = dir.Write("stat-cache.bin", content);

        var cache = StatCache.Load(cacheFile);

        Assert.AreEqual(0, cache.Count);
    }

    [TestMethod]
    public void Load_RandomGarbage_GivesEmptyCache()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Write("stat-cache.bin", TestBytes.Seeded(4096, 7));
        Assert.AreEqual(0, StatCache.Load(cacheFile).Count);
    }

    [TestMethod]
    public void Load_WrongMagicOrVersion_GivesEmptyCache()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        SaveCacheOf(cacheFile, "d.bin", stat, key);
        var good = File.ReadAllBytes(cacheFile);

        var badMagic = (byte[])good.Clone();
        badMagic[0] ^= 0xff;
        File.WriteAllBytes(cacheFile, badMagic);
        Assert.AreEqual(0, StatCache.Load(cacheFile).Count);

        var badVersion = (byte[])good.Clone();
        badVersion[4] = 2;
        File.WriteAllBytes(cacheFile, badVersion);
        Assert.AreEqual(0, StatCache.Load(cacheFile).Count);

        File.WriteAllBytes(cacheFile, good);
        Assert.AreEqual(1, StatCache.Load(cacheFile).Count, "control");
    }

    [TestMethod]
    public void Load_FileTruncatedInsideTheLastKey_DoesNotYieldAShortKey()
    {
        using var dir = new TempDir();
        var cacheFile = dir.Combine("stat-cache.bin");
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        SaveCacheOf(cacheFile, "d.bin", stat, key);
        var good = File.ReadAllBytes(cacheFile);
        File.WriteAllBytes(cacheFile, good[..^1]);
        File.SetLastWriteTimeUtc(cacheFile, DateTime.UtcNow.AddHours(1));

        var loaded = StatCache.Load(cacheFile);

        if (loaded.TryGetKey("d.bin", stat, out var hit))
        {
            Assert.Fail($"a truncated cache answered with key '{hit}' ({hit.Length} chars)");
        }

        Assert.AreEqual(0, loaded.Count);
    }

    [TestMethod]
    public void Save_WhenTheFolderCannotBeCreated_IsIgnored()
    {
        using var dir = new TempDir();
        var blocker = dir.Write("state", "a file where the folder should be");
        var cache = StatCache.Load(Path.Join(blocker, "stat-cache.bin"));
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        cache.Set("d.bin", stat, key);

        cache.Save(); // the cache is an optimisation: failing to write it must not fail the command

        Assert.AreEqual("a file where the folder should be", File.ReadAllText(blocker));
    }

    [TestMethod]
    public void InMemory_NeverSavesAndNeverTrustsWithoutAReferenceTime()
    {
        using var dir = new TempDir();
        var (_, stat, key) = OldFile(dir, "d.bin", "data");
        var before = dir.AllFiles();
        var cache = StatCache.InMemory();

        cache.Set("d.bin", stat, key);
        cache.Save();

        Assert.AreEqual(1, cache.Count);
        CollectionAssert.AreEqual(before, dir.AllFiles());
        Assert.IsFalse(cache.TryGetKey("d.bin", stat, out _), "with no cache file there is no time to rule out a racy entry");
    }
}
