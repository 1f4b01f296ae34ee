using DataTasks.Core.Hashing;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Hashing;

/// <summary>
/// The stat cache answers a few lookups and changes from the file's bytes and copies the untouched records when it
/// saves (a one-file add on a 100,000-file cache); more lookups read every record. Either way the answers are the same.
/// </summary>
[TestClass]
public sealed class StatCacheImageTests
{
    private static FileStat Stat(int i) => new(i, 1_000_000 + i, 2_000_000 + i, (ulong)(3_000 + i));

    private static string Key(int i) => TestHash.Sha256(BitConverter.GetBytes(i));

    private static string Path(int i) => $"data/ü{i / 10}/f{i}.bin";

    private static string Saved(TempDir dir, int count)
    {
        var file = dir.Combine("state/stat-cache.bin");
        var cache = StatCache.Load(file);
        for (var i = 0; i < count; i++)
        {
            cache.Set(Path(i), Stat(i), Key(i));
        }

        cache.Save();
        // Stats in the past of the cache file: never racy.
        return file;
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(100)]
    public void FewOrManyLookups_ThenChangesAndSave_KeepEveryOtherRecord(int lookups)
    {
        using var dir = new TempDir();
        var file = Saved(dir, 200);
        var cache = StatCache.Load(file);
        for (var i = 0; i < lookups; i++)
        {
            Assert.IsTrue(cache.TryGetKey(Path(i), Stat(i), out var key));
            Assert.AreEqual(Key(i), key);
        }

        Assert.IsFalse(cache.TryGetKey(Path(5), Stat(6), out _), "a different stat misses");
        cache.Set(Path(7), Stat(700), Key(700));
        cache.Set("new/file.bin", Stat(900), Key(900));
        cache.Remove(Path(8));
        cache.Remove(Path(9));
        cache.Set(Path(9), Stat(9), Key(9));
        Assert.IsTrue(cache.TryGetKey(Path(7), Stat(700), out var changed));
        Assert.AreEqual(Key(700), changed);
        Assert.IsFalse(cache.TryGetKey(Path(8), Stat(8), out _), "removed");
        Assert.IsTrue(cache.TryGetRememberedKey(Path(9), out var back));
        Assert.AreEqual(Key(9), back);
        cache.Save();

        var loaded = StatCache.Load(file);
        Assert.AreEqual(200, loaded.Count);
        for (var i = 0; i < 200; i++)
        {
            var hit = loaded.TryGetKey(Path(i), Stat(i), out var key);
            Assert.AreEqual(i is not (7 or 8), hit, $"record {i}");
            if (hit)
            {
                Assert.AreEqual(Key(i), key);
            }
        }

        Assert.IsTrue(loaded.TryGetKey(Path(7), Stat(700), out _));
        Assert.IsTrue(loaded.TryGetKey("new/file.bin", Stat(900), out _));
    }

    [TestMethod]
    public void Save_WithoutChanges_AfterLookups_DoesNotRewrite()
    {
        using var dir = new TempDir();
        var file = Saved(dir, 50);
        var before = File.GetLastWriteTimeUtc(file);
        File.SetLastWriteTimeUtc(file, before.AddHours(1));
        var cache = StatCache.Load(file);
        cache.TryGetKey(Path(3), Stat(3), out _);
        cache.Set(Path(4), Stat(4), Key(4)); // the same record: no change
        cache.Save();
        Assert.AreEqual(before.AddHours(1), File.GetLastWriteTimeUtc(file));
    }
}
