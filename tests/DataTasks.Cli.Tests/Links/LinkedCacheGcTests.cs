using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests.Links;

/// <summary>
/// gc --cache never removes an object a tree still links to: a hard link (the object has more than one name) or a
/// symbolic link in a tree that pulled with the symlink mode. It keeps them and says so, in text and --json; once the
/// tree lets go (unprotect), the same gc frees them. Real files, real links, real CLI.
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinkedCacheGcTests
{
    [TestInitialize]
    public void LinuxOnly() =>
        LinuxFiles.Require("the link checks read statx");

    [TestMethod]
    [DataRow("hardlink")]
    [DataRow("symlink")]
    public async Task GcCachePrune_KeepsObjectsATreeLinksTo_AndSaysSo(string mode)
    {
        using var repo = await PulledRepoAsync(mode);
        var keys = new[] { repo.StorageKey("data/a.bin")!, repo.StorageKey("data/b.bin")! };
        AgeUsage(repo, keys);

        var gc = await repo.RunOkAsync("gc", "--cache", "--prune", "--max-age", "30d");

        StringAssert.Contains(gc.Stdout, "kept 2 objects (", gc.ToString());
        StringAssert.Contains(gc.Stdout, "still linked from a tree", gc.ToString());
        StringAssert.Contains(gc.Stdout, mode == "hardlink" ? "kept: 1 hard link" : "kept: " + repo.PathOf("data/a.bin"), gc.ToString());
        foreach (var key in keys)
        {
            Assert.IsTrue(new MachineCache(repo.Cache).Check(key, out _), gc.ToString());
            Assert.IsTrue(File.Exists(repo.CacheObject(key)), gc.ToString());
        }

        Assert.AreEqual(5000, repo.Read("data/a.bin").Length, "the tree's file still reads");
    }

    [TestMethod]
    public async Task GcCacheJson_ListsKeptObjects_WithWhatLinksToThem()
    {
        using var repo = await PulledRepoAsync("symlink");
        var keys = new[] { repo.StorageKey("data/a.bin")!, repo.StorageKey("data/b.bin")! };
        AgeUsage(repo, keys);

        var gc = await repo.RunOkAsync("gc", "--cache", "--max-age", "30d", "--json");

        var json = JsonNode.Parse(gc.Stdout)!;
        Assert.AreEqual(0, json["evicted"]!.AsArray().Count, gc.ToString());
        var kept = json["kept_linked"]!.AsArray();
        Assert.AreEqual(2, kept.Count, gc.ToString());
        var a = kept.Single(k => (string)k!["key"]! == keys[0])!;
        Assert.AreEqual(repo.PathOf("data/a.bin"), (string)a["linked_from"]!);
        Assert.AreEqual(5000, (long)a["size"]!);
    }

    [TestMethod]
    public async Task GcCache_FromOutsideTheTree_StillFindsItsSymbolicLinks()
    {
        using var repo = await PulledRepoAsync("symlink");
        var keys = new[] { repo.StorageKey("data/a.bin")!, repo.StorageKey("data/b.bin")! };
        AgeUsage(repo, keys);
        var elsewhere = Path.Join(repo.Base, "elsewhere");
        Directory.CreateDirectory(elsewhere);

        // Run from a folder that is no repository: only the cache's own record of the tree can find its links.
        var gc = await repo.RunInAsync(elsewhere, "--cache-dir", repo.Cache, "gc", "--cache", "--prune", "--max-age", "30d");

        Assert.AreEqual(0, gc.ExitCode, gc.ToString());
        StringAssert.Contains(gc.Stdout, "kept 2 objects (", gc.ToString());
        Assert.IsTrue(File.Exists(repo.CacheObject(keys[0])));
    }

    [TestMethod]
    [DataRow("hardlink")]
    [DataRow("symlink")]
    public async Task GcCachePrune_AfterUnprotect_FreesTheObjects(string mode)
    {
        using var repo = await PulledRepoAsync(mode);
        var keys = new[] { repo.StorageKey("data/a.bin")!, repo.StorageKey("data/b.bin")! };
        await repo.RunOkAsync("unprotect", "data");
        AgeUsage(repo, keys);

        var gc = await repo.RunOkAsync("gc", "--cache", "--prune", "--max-age", "30d");

        StringAssert.Contains(gc.Stdout, "deleted 2 objects", gc.ToString());
        Assert.DoesNotContain("still linked", gc.Stdout, gc.ToString());
        Assert.IsFalse(File.Exists(repo.CacheObject(keys[0])));
        Assert.AreEqual(5000, repo.Read("data/a.bin").Length, "the private copy is untouched");
    }

    /// <summary>Makes every object look unused for 40 days, so only the link check can keep it.</summary>
    private static void AgeUsage(TempRepo repo, IEnumerable<string> keys)
    {
        var cache = new MachineCache(repo.Cache);
        foreach (var key in keys)
        {
            cache.RecordUse(key);
            File.SetLastWriteTimeUtc(cache.UsagePath(key), DateTime.UtcNow.AddDays(-40));
        }
    }

    private static async Task<TempRepo> PulledRepoAsync(string mode)
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 5000, 1);
        repo.WriteRandom("data/b.bin", 7000, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));
        File.Delete(repo.PathOf("data/b.bin"));
        repo.WriteText(".datatasks/config.local.json", $"{{\"link\": \"{mode}\"}}");
        await repo.RunOkAsync("pull");
        return repo;
    }
}
