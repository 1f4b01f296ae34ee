using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 7: the machine cache layout, pulling from the cache alone, isolation from tree edits, and its location.</summary>
[TestClass]
public sealed class CacheTests
{
    private static async Task<(TempRepo Repo, Dictionary<string, byte[]> Files)> PushedRepo()
    {
        var repo = await TempRepo.CreateAsync();
        var files = new Dictionary<string, byte[]>
        {
            ["data/a.bin"] = repo.WriteRandom("data/a.bin", 20_000, 1),
            ["data/sub/b.bin"] = repo.WriteRandom("data/sub/b.bin", 30_000, 2),
        };
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        Directory.Delete(repo.PathOf("data"), recursive: true);

        // Another machine: push also keeps a copy of each pushed object in this machine's cache.
        TempDir.DeleteDirectory(repo.Cache);
        return (repo, files);
    }

    [TestMethod]
    public async Task Pull_FillsCacheAtObjectsTwoHexKey_AndMaterialisesSeparateWritableCopies()
    {
        var (repo, files) = await PushedRepo();
        using var _ = repo;
        await repo.RunOkAsync("pull");

        var objects = Directory.GetFiles(Path.Join(repo.Cache, "objects"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repo.Cache, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        var expected = files.Values.Select(TestHash.Sha256).Select(k => $"objects/{k[..2]}/{k}").Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, objects);

        foreach (var (path, bytes) in files)
        {
            var key = TestHash.Sha256(bytes);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(repo.CacheObject(key)));
            CollectionAssert.AreEqual(bytes, repo.Read(path));
            var treeStat = FileStat.TryGet(repo.PathOf(path))!.Value;
            var cacheStat = FileStat.TryGet(repo.CacheObject(key))!.Value;
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreNotEqual(cacheStat.FileId, treeStat.FileId, $"{path} is the cache object itself (hard link), not a copy");
                Assert.IsTrue(File.GetUnixFileMode(repo.PathOf(path)).HasFlag(UnixFileMode.UserWrite), $"{path} is not writable");
                Assert.IsFalse(File.GetUnixFileMode(repo.CacheObject(key)).HasFlag(UnixFileMode.UserWrite), "cache objects are read-only");
            }
        }
    }

    [TestMethod]
    public async Task PullNoCache_RestoresEveryPathStraightIntoTheTree_KeepsNoCopy_ButUsesObjectsAlreadyCached()
    {
        var (repo, files) = await PushedRepo();
        using var _ = repo;

        // A third path with the same content as a.bin: one download, two files.
        var manifest = files.Select(f => (f.Key, (string?)TestHash.Sha256(f.Value), (long)f.Value.Length)).ToList();
        manifest.Add(("data/copy-of-a.bin", TestHash.Sha256(files["data/a.bin"]), files["data/a.bin"].Length));
        repo.WriteManifest(manifest);
        files["data/copy-of-a.bin"] = files["data/a.bin"];

        var pull = await repo.RunOkAsync("pull", "--no-cache");
        StringAssert.Contains(pull.Stdout, "pulled 2 files (50KB) from the remote", pull.ToString());
        foreach (var (path, bytes) in files)
        {
            CollectionAssert.AreEqual(bytes, repo.Read(path), path);
            if (!OperatingSystem.IsWindows())
            {
                Assert.IsTrue(File.GetUnixFileMode(repo.PathOf(path)).HasFlag(UnixFileMode.UserWrite), $"{path} is not writable");
            }
        }

        Assert.IsFalse(TempRepo.AnyNonEmptyFile(Path.Join(repo.Cache, "objects")), "pull --no-cache wrote to the machine cache");
        Assert.AreEqual(0, Directory.GetFiles(repo.Root, "*.dtpart", SearchOption.AllDirectories).Length, "temp files left in the tree");
        Assert.AreEqual(0, (await repo.RunAsync("verify")).ExitCode);

        // With the objects cached by an ordinary pull, --no-cache takes them from the cache: the remote is not needed.
        Directory.Delete(repo.PathOf("data"), recursive: true);
        await repo.RunOkAsync("pull");
        Directory.Delete(repo.PathOf("data"), recursive: true);
        Directory.Delete(repo.Remote, recursive: true);
        var fromCache = await repo.RunOkAsync("pull", "--no-cache");
        StringAssert.Contains(fromCache.Stdout, "from the machine cache", fromCache.ToString());
        foreach (var (path, bytes) in files)
        {
            CollectionAssert.AreEqual(bytes, repo.Read(path), path);
        }
    }

    [TestMethod]
    public async Task AfterAFirstPull_DataAndRemoteGone_PullSucceedsFromTheCacheAlone()
    {
        var (repo, files) = await PushedRepo();
        using var _ = repo;
        await repo.RunOkAsync("pull");
        Directory.Delete(repo.PathOf("data"), recursive: true);
        Directory.Delete(repo.Remote, recursive: true);

        var pull = await repo.RunOkAsync("pull");
        StringAssert.Contains(pull.Stdout, "pulled 0 files (0B) from the remote, 2 from the machine cache", pull.ToString());
        Assert.IsTrue(pull.OutLines.Count(l => l.StartsWith("cached   ", StringComparison.Ordinal)) == 2, pull.ToString());
        foreach (var (path, bytes) in files)
        {
            CollectionAssert.AreEqual(bytes, repo.Read(path));
        }

        Assert.AreEqual(0, (await repo.RunAsync("verify")).ExitCode);
    }

    [TestMethod]
    public async Task EditingAPulledFile_NeverChangesTheCachedObject()
    {
        var (repo, files) = await PushedRepo();
        using var _ = repo;
        await repo.RunOkAsync("pull");
        var key = TestHash.Sha256(files["data/a.bin"]);
        var cacheBefore = Snapshot.Take(repo.Cache);

        // In place (same inode), truncating, and appending.
        using (var fs = new FileStream(repo.PathOf("data/a.bin"), FileMode.Open, FileAccess.Write))
        {
            fs.Write(new byte[100]);
        }

        File.AppendAllText(repo.PathOf("data/a.bin"), "more");
        File.WriteAllText(repo.PathOf("data/sub/b.bin"), "replaced");

        cacheBefore.AssertUnchanged("editing files in the tree");
        Assert.AreEqual(key, TestHash.Sha256File(repo.CacheObject(key)));

        // The cache still restores the original.
        File.Delete(repo.PathOf("data/a.bin"));
        await repo.RunOkAsync("pull", "data/a.bin");
        CollectionAssert.AreEqual(files["data/a.bin"], repo.Read("data/a.bin"));
    }

    [TestMethod]
    public async Task DefaultCacheLocation_HonoursDatatasksCacheDir_ThenXdgCacheHome()
    {
        var (repo, files) = await PushedRepo();
        using var _ = repo;
        var key = TestHash.Sha256(files["data/a.bin"]);

        var envCache = Path.Join(repo.Base, "env-cache");
        var xdg = Path.Join(repo.Base, "xdg");
        var pull = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = envCache, ["XDG_CACHE_HOME"] = xdg });
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(File.Exists(Path.Join(envCache, "objects", key[..2], key)), "DATATASKS_CACHE_DIR not used");
        Assert.IsFalse(Directory.Exists(xdg), "XDG_CACHE_HOME used although DATATASKS_CACHE_DIR is set");

        Directory.Delete(repo.PathOf("data"), recursive: true);
        pull = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = null, ["XDG_CACHE_HOME"] = xdg });
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(File.Exists(Path.Join(xdg, "datatasks", "objects", key[..2], key)), "$XDG_CACHE_HOME/datatasks not used");
        StringAssert.Contains(pull.Stdout, "pulled 2 files", "a fresh cache fetches from the remote");

        // Neither variable: ~/.cache/datatasks under the (fake) HOME.
        Directory.Delete(repo.PathOf("data"), recursive: true);
        pull = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = null, ["XDG_CACHE_HOME"] = null });
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(File.Exists(Path.Join(repo.Home, ".cache", "datatasks", "objects", key[..2], key)), "~/.cache/datatasks not used");

        // --cache-dir beats the variable.
        Directory.Delete(repo.PathOf("data"), recursive: true);
        var optionCache = Path.Join(repo.Base, "option-cache");
        pull = await repo.RunProcessAsync(["--cache-dir", optionCache, "pull"], new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = envCache });
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(File.Exists(Path.Join(optionCache, "objects", key[..2], key)), "--cache-dir not used");
    }
}
