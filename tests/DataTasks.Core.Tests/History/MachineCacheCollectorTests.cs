using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.History;

[TestClass]
public sealed class MachineCacheCollectorTests
{
    private static async Task<string> CacheAsync(MachineCache cache, int size, int seed, DateTime? lastUse)
    {
        var bytes = TestBytes.Seeded(size, seed);
        var key = TestHash.Sha256(bytes);
        await cache.EnsureAsync(key, bytes.Length, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), null, null, CancellationToken.None);
        if (lastUse is { } when)
        {
            cache.RecordUse(key);
            File.SetLastWriteTimeUtc(cache.UsagePath(key), when);
        }

        return key;
    }

    [TestMethod]
    public async Task MaxAge_ListsThenDeletes_OnlyObjectsUnusedForLonger_AndLeavesTheOthersIntact()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var now = DateTime.UtcNow;
        var stale = await CacheAsync(cache, 1000, 1, now.AddDays(-40));
        var recent = await CacheAsync(cache, 2000, 2, now.AddDays(-2));
        var neverRecorded = await CacheAsync(cache, 3000, 3, null);
        var options = new CacheGcOptions { MaxAge = TimeSpan.FromDays(30) };

        var listed = MachineCacheCollector.Run(cache, options, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { stale }, listed.Evicted.Select(o => o.Key).ToArray());
        Assert.AreEqual(3, listed.Objects);
        Assert.AreEqual(6000, listed.Bytes);
        Assert.IsTrue(File.Exists(cache.ObjectPath(stale)), "listing deletes nothing");

        var pruned = MachineCacheCollector.Run(cache, options with { Prune = true }, CancellationToken.None);
        Assert.AreEqual(1000, pruned.EvictedBytes);
        Assert.IsFalse(File.Exists(cache.ObjectPath(stale)));
        Assert.IsFalse(File.Exists(cache.UsagePath(stale)));
        Assert.IsTrue(cache.Contains(recent, 2000));
        Assert.IsTrue(cache.Contains(neverRecorded, 3000), "an object that entered the cache just now is not old");
    }

    [TestMethod]
    public async Task MaxSize_EvictsLeastRecentlyUsedFirst_UntilTheCacheFits_ButNeverWhatWasJustUsed()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var now = DateTime.UtcNow;
        var oldest = await CacheAsync(cache, 1000, 1, now.AddDays(-3));
        var middle = await CacheAsync(cache, 1000, 2, now.AddDays(-2));
        var newest = await CacheAsync(cache, 1000, 3, now.AddDays(-1));
        var justUsed = await CacheAsync(cache, 5000, 4, now);

        var report = MachineCacheCollector.Run(cache, new CacheGcOptions { MaxBytes = 6000, Prune = true }, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { oldest, middle }, report.Evicted.Select(o => o.Key).ToArray());
        Assert.IsTrue(cache.Contains(newest, 1000));

        // A budget below what was used within the last hour: the recently used object stays regardless.
        var tight = MachineCacheCollector.Run(cache, new CacheGcOptions { MaxBytes = 0, Prune = true }, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { newest }, tight.Evicted.Select(o => o.Key).ToArray());
        Assert.IsTrue(cache.Contains(justUsed, 5000));
    }

    [TestMethod]
    public async Task Materialize_RecordsUse_WithoutTouchingTheObjectsVerificationStamp()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var key = await CacheAsync(cache, 1000, 1, null);
        Assert.IsFalse(File.Exists(cache.UsagePath(key)));

        cache.Materialize(key, dir.Combine("tree/file.bin"));

        Assert.IsTrue(File.Exists(cache.UsagePath(key)), "materialising records the use");
        Assert.AreEqual(MachineCache.VerifiedStamp, File.GetLastWriteTimeUtc(cache.ObjectPath(key)));
    }

    [TestMethod]
    [DataRow("hardlink")]
    [DataRow("copy")]
    public async Task PlacingAnObjectJustFetched_WritesNoUsageRecord_AndGcCountsItsEntryAsItsLastUse(string mode)
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var key = await CacheAsync(cache, 1000, 1, null);

        Assert.IsTrue(cache.TryMaterialize(key, dir.Combine("tree/file.bin"), LinkModes.Parse(mode, "test"), verifiedNow: true, null, out _, CancellationToken.None));

        Assert.IsFalse(File.Exists(cache.UsagePath(key)), "a cold pull creates no usage file per object");
        Assert.IsFalse(Directory.Exists(dir.Combine("cache/usage")));
        var aged = MachineCacheCollector.Run(cache, new CacheGcOptions { MaxAge = TimeSpan.FromDays(30), Prune = true }, CancellationToken.None);
        var sized = MachineCacheCollector.Run(cache, new CacheGcOptions { MaxBytes = 0, Prune = true }, CancellationToken.None);
        Assert.AreEqual(0, aged.Evicted.Count + sized.Evicted.Count);
        Assert.IsTrue(cache.Contains(key, 1000));
    }

    [TestMethod]
    public async Task AnObjectEnteringTheCache_DropsAUsageRecordLeftFromAnEarlierCopy()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var bytes = TestBytes.Seeded(1000, 7);
        var key = TestHash.Sha256(bytes);
        cache.RecordUse(key);
        File.SetLastWriteTimeUtc(cache.UsagePath(key), DateTime.UtcNow.AddDays(-40));

        await cache.EnsureAsync(key, bytes.Length, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), null, null, CancellationToken.None);

        Assert.IsFalse(File.Exists(cache.UsagePath(key)));
        var report = MachineCacheCollector.Run(cache, new CacheGcOptions { MaxAge = TimeSpan.FromDays(30), Prune = true }, CancellationToken.None);
        Assert.AreEqual(0, report.Evicted.Count, "an object fetched just now is not 40 days old");
    }
}
