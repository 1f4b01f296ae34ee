using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>gc --cache: the machine cache is trimmed by last use, and what it removes is fetched again on the next pull.</summary>
[TestClass]
public sealed class GcCacheTests
{
    [TestMethod]
    public async Task GcCache_RemovesObjectsUnusedForLong_KeepsRecentlyPulledOnes_AndPullFetchesAgain()
    {
        using var repo = await TempRepo.CreateAsync();
        var a = await Git.AddAndPushAsync(repo, "data/a.bin", 4000, 1);
        var b = await Git.AddAndPushAsync(repo, "data/b.bin", 5000, 2);
        Directory.Delete(repo.PathOf("data"), recursive: true);
        await repo.RunOkAsync("pull");
        Assert.IsTrue(File.Exists(repo.CacheObject(a)) && File.Exists(repo.CacheObject(b)));

        // Both were used moments ago: even a zero age keeps them.
        var fresh = await repo.RunOkAsync("gc", "--cache", "--max-age", "0", "--prune");
        StringAssert.Contains(fresh.Stdout, "0 objects (0B) unused for 0", fresh.ToString());
        Assert.IsTrue(File.Exists(repo.CacheObject(a)) && File.Exists(repo.CacheObject(b)));

        // a was last used 40 days ago (its use record is aged; the object's own stamp never changes).
        File.SetLastWriteTimeUtc(Path.Join(repo.Cache, "usage", a[..2], a), DateTime.UtcNow.AddDays(-40));
        var list = await repo.RunOkAsync("gc", "--cache");
        StringAssert.Contains(list.Stdout, $"unused   {a} (4KB", list.ToString());
        StringAssert.Contains(list.Stdout, "1 object (4KB) unused for 30d", list.ToString());
        Assert.IsTrue(File.Exists(repo.CacheObject(a)), "without --prune nothing is deleted");

        var prune = await repo.RunOkAsync("gc", "--cache", "--prune");
        StringAssert.Contains(prune.Stdout, "deleted 1 object (4KB)", prune.ToString());
        Assert.IsFalse(File.Exists(repo.CacheObject(a)));
        Assert.IsTrue(File.Exists(repo.CacheObject(b)));
        CollectionAssert.AreEquivalent(new[] { a, b }, repo.RemoteFiles(), "gc --cache never touches the remote");

        File.Delete(repo.PathOf("data/a.bin"));
        await repo.RunOkAsync("pull");
        Assert.IsTrue(File.Exists(repo.CacheObject(a)), "pull fetched it again");
        Assert.AreEqual(a, TestHash.Sha256(repo.Read("data/a.bin")));
    }
}
