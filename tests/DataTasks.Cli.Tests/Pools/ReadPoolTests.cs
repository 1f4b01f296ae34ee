using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Pools;

/// <summary>
/// Read pools (issue 15) through the real CLI: real folders laid out like a machine cache or a folder remote, named in
/// .datatasks/config.json or DATATASKS_POOLS, probed after the machine cache and before the remote. The remote's copy of
/// an object a test wants from a pool is deleted first, so only the pool can have served it.
/// </summary>
[TestClass]
public sealed class ReadPoolTests
{
    /// <summary>A repository with pushed files, deleted from the tree and from the machine cache.</summary>
    private static async Task<(TempRepo Repo, Dictionary<string, byte[]> Bytes)> PushedAsync(params string[] paths)
    {
        var repo = await TempRepo.CreateAsync();
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var seed = 11;
        foreach (var path in paths)
        {
            bytes[path] = repo.WriteRandom(path, 3000 + seed, seed++);
        }

        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        foreach (var path in paths)
        {
            File.Delete(repo.PathOf(path));
        }

        if (Directory.Exists(repo.Cache))
        {
            Directory.Delete(repo.Cache, recursive: true);
        }

        return (repo, bytes);
    }

    /// <summary>Puts <paramref name="bytes"/> in <paramref name="pool"/> as object <paramref name="key"/>, in the cache layout or the folder-remote one.</summary>
    private static string PutPoolObject(string pool, string key, byte[] bytes, bool cacheLayout)
    {
        var path = cacheLayout ? Path.Join(pool, "objects", key[..2], key) : Path.Join(pool, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void RemoveFromRemote(TempRepo repo, string key) => File.Delete(Path.Join(repo.Remote, key));

    /// <summary>Sets top-level <paramref name="name"/> in the repository's .datatasks/config.json.</summary>
    private static void SetConfig(TempRepo repo, string name, JsonNode value)
    {
        var file = Path.Join(repo.Root, ".datatasks", "config.json");
        var config = File.Exists(file) ? (JsonObject)JsonNode.Parse(File.ReadAllText(file))! : [];
        config[name] = value;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, config.ToJsonString());
    }

    private static void SetPools(TempRepo repo, params string[] pools) => SetConfig(repo, "pools", new JsonArray([.. pools.Select(p => (JsonNode)JsonValue.Create(p)!)]));

    private static string[] Warnings(CliResult result, string code) => result.ErrLines.Where(l => l.StartsWith($"warning {code}: ", StringComparison.Ordinal)).ToArray();

    /// <summary>Every file under <paramref name="folder"/> with its bytes, mode and modification time.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Snapshot(string folder) => string.Join('\n', Directory
        .GetFileSystemEntries(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(p => $"{Path.GetRelativePath(folder, p)} {(File.Exists(p) ? Convert.ToHexString(File.ReadAllBytes(p)) : "dir")} {File.GetUnixFileMode(p)} {File.GetLastWriteTimeUtc(p).Ticks}"));

    [TestMethod]
    [DataRow(true, DisplayName = "machine-cache layout")]
    [DataRow(false, DisplayName = "folder-remote layout")]
    public async Task Pull_ServesAnObjectFromAPool_AndFillsTheMachineCache(bool cacheLayout)
    {
        var (repo, bytes) = await PushedAsync("data/a.bin");
        using var _ = repo;
        var key = repo.StorageKey("data/a.bin")!;
        var pool = Path.Join(repo.Base, "pool");
        PutPoolObject(pool, key, bytes["data/a.bin"], cacheLayout);
        RemoveFromRemote(repo, key);
        SetPools(repo, pool);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
        CollectionAssert.AreEqual(bytes["data/a.bin"], File.ReadAllBytes(repo.CacheObject(key)), "a pool hit enters the machine cache, and the tree comes from there");
        Assert.AreEqual(0, pull.ErrLines.Count(l => l.StartsWith("warning ", StringComparison.Ordinal)), pull.ToString());
    }

    [TestMethod]
    public async Task Pull_TakesWhatThePoolHas_AndTheRestFromTheRemote()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin", "data/b.bin");
        using var _ = repo;
        var a = repo.StorageKey("data/a.bin")!;
        var pool = Path.Join(repo.Base, "pool");
        PutPoolObject(pool, a, bytes["data/a.bin"], cacheLayout: true);
        RemoveFromRemote(repo, a);
        SetPools(repo, pool);

        var pull = await repo.RunAsync("pull", "--json");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
        CollectionAssert.AreEqual(bytes["data/b.bin"], repo.Read("data/b.bin"));
        var items = JsonNode.Parse(pull.Stdout)!["items"]!.AsArray().ToDictionary(i => i!["path"]!.GetValue<string>(), i => i!["outcome"]!.GetValue<string>());
        Assert.AreEqual("from_cache", items["data/a.bin"], pull.Stdout);
        Assert.AreEqual("downloaded", items["data/b.bin"], pull.Stdout);
    }

    [TestMethod]
    public async Task Pull_SkipsACorruptPoolObject_WithDT1011_AndLeavesItInThePool()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin");
        using var _ = repo;
        var key = repo.StorageKey("data/a.bin")!;
        var pool = Path.Join(repo.Base, "pool");
        var corrupt = bytes["data/a.bin"].ToArray();
        corrupt[100] ^= 0xFF;
        var poolFile = PutPoolObject(pool, key, corrupt, cacheLayout: true);
        SetPools(repo, pool);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"), "the remote served it instead");
        var warning = Warnings(pull, "DT1011").Single();
        StringAssert.Contains(warning, poolFile);
        CollectionAssert.AreEqual(corrupt, File.ReadAllBytes(poolFile), "a pool is never written: the bad copy stays byte for byte");
    }

    [TestMethod]
    public async Task Pull_WarnsOfAMissingPool_WithDT1010_AndGoesOn()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin");
        using var _ = repo;
        var missing = Path.Join(repo.Base, "not-mounted");
        SetPools(repo, missing);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
        StringAssert.Contains(Warnings(pull, "DT1010").Single(), missing);
        Assert.IsFalse(Directory.Exists(missing), "probing a pool never creates it");
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Pull_NeverWritesToAPool_EvenAReadOnlyOne()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin", "data/b.bin");
        using var _ = repo;
        var pool = Path.Join(repo.Base, "pool");
        foreach (var path in bytes.Keys)
        {
            PutPoolObject(pool, repo.StorageKey(path)!, bytes[path], cacheLayout: path.EndsWith("a.bin", StringComparison.Ordinal));
            RemoveFromRemote(repo, repo.StorageKey(path)!);
        }

        SetPools(repo, pool);
        SetConfig(repo, "link", "hardlink,copy");
        var entries = Directory.GetFileSystemEntries(pool, "*", SearchOption.AllDirectories).Append(pool).ToList();
        foreach (var entry in entries)
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? UnixFileMode.UserRead | UnixFileMode.UserExecute : UnixFileMode.UserRead);
        }

        var before = Snapshot(pool);
        try
        {
            var pull = await repo.RunAsync("pull");

            Assert.AreEqual(0, pull.ExitCode, pull.ToString());
            CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
            CollectionAssert.AreEqual(bytes["data/b.bin"], repo.Read("data/b.bin"));
            Assert.AreEqual(before, Snapshot(pool), "names, bytes, modes and times of the pool are unchanged");
        }
        finally
        {
            foreach (var entry in entries)
            {
                File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    [TestMethod]
    public async Task Pull_ExpandsSymbolsInPoolPaths()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin", "data/b.bin");
        using var _ = repo;
        var a = repo.StorageKey("data/a.bin")!;
        var b = repo.StorageKey("data/b.bin")!;
        PutPoolObject(Path.Join(repo.Base, "beside"), a, bytes["data/a.bin"], cacheLayout: true);
        PutPoolObject(Path.Join(repo.Base, "team", "share"), b, bytes["data/b.bin"], cacheLayout: false);
        RemoveFromRemote(repo, a);
        RemoveFromRemote(repo, b);
        SetConfig(repo, "symbols", new JsonObject { ["team"] = Path.Join(repo.Base, "team") });
        SetPools(repo, "$repo/../beside", "${team}/share");

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
        CollectionAssert.AreEqual(bytes["data/b.bin"], repo.Read("data/b.bin"));
    }

    [TestMethod]
    public async Task PullNoCache_CopiesAPoolHitStraightIntoTheTree_AndSkipsACorruptOne()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin", "data/b.bin");
        using var _ = repo;
        var a = repo.StorageKey("data/a.bin")!;
        var b = repo.StorageKey("data/b.bin")!;
        var pool = Path.Join(repo.Base, "pool");
        PutPoolObject(pool, a, bytes["data/a.bin"], cacheLayout: false);
        var bad = bytes["data/b.bin"].ToArray();
        bad[0] ^= 1;
        var badFile = PutPoolObject(pool, b, bad, cacheLayout: true);
        RemoveFromRemote(repo, a);
        SetPools(repo, pool);

        var pull = await repo.RunAsync("pull", "--no-cache");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
        CollectionAssert.AreEqual(bytes["data/b.bin"], repo.Read("data/b.bin"), "the remote served the one the pool had corrupt");
        Assert.IsFalse(File.Exists(repo.CacheObject(a)), "--no-cache writes no cache object, from a pool either");
        StringAssert.Contains(Warnings(pull, "DT1011").Single(), badFile);
        CollectionAssert.AreEqual(bad, File.ReadAllBytes(badFile));
    }

    [TestMethod]
    public async Task Fetch_FillsTheMachineCacheFromAPool()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin");
        using var _ = repo;
        var key = repo.StorageKey("data/a.bin")!;
        var pool = Path.Join(repo.Base, "pool");
        PutPoolObject(pool, key, bytes["data/a.bin"], cacheLayout: false);
        RemoveFromRemote(repo, key);
        SetPools(repo, pool);

        var fetch = await repo.RunAsync("fetch");

        Assert.AreEqual(0, fetch.ExitCode, fetch.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], File.ReadAllBytes(repo.CacheObject(key)));
        Assert.IsFalse(repo.Exists("data/a.bin"), "fetch touches no tree");
    }

    [TestMethod]
    public async Task ConfigList_ShowsPoolsWithTheirOrigin()
    {
        using var repo = await TempRepo.CreateAsync();
        SetPools(repo, "/mnt/team/datatasks-cache");

        var list = await repo.RunAsync("config", "list", "--show-origin");

        Assert.AreEqual(0, list.ExitCode, list.ToString());
        var line = list.OutLines.Single(l => l.Contains("pools", StringComparison.Ordinal));
        StringAssert.Contains(line, "/mnt/team/datatasks-cache");
        StringAssert.Contains(line, ".datatasks/config.json");
    }

    [TestMethod]
    public async Task Pools_ThatAreNotPaths_AreDT1012()
    {
        var (repo, _) = await PushedAsync("data/a.bin");
        using var __ = repo;
        SetConfig(repo, "pools", JsonValue.Create(42));

        var pull = await repo.RunAsync("pull");

        Assert.AreNotEqual(0, pull.ExitCode, pull.ToString());
        var error = pull.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal));
        StringAssert.StartsWith(error, "error DT1012: ", pull.ToString());
        Assert.IsFalse(repo.Exists("data/a.bin"));
    }

    // Child processes: DATATASKS_POOLS and DATATASKS_OFFLINE are read from the environment, which in-process runs share.

    [TestMethod]
    public async Task Pull_ReadsThePoolListFromDATATASKS_POOLS()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin", "data/b.bin");
        using var _ = repo;
        var first = Path.Join(repo.Base, "first");
        var second = Path.Join(repo.Base, "second");
        var missing = Path.Join(repo.Base, "missing");
        PutPoolObject(first, repo.StorageKey("data/a.bin")!, bytes["data/a.bin"], cacheLayout: true);
        PutPoolObject(second, repo.StorageKey("data/b.bin")!, bytes["data/b.bin"], cacheLayout: false);
        RemoveFromRemote(repo, repo.StorageKey("data/a.bin")!);
        RemoveFromRemote(repo, repo.StorageKey("data/b.bin")!);
        var list = string.Join(Path.PathSeparator, first, missing, second);

        var pull = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { ["DATATASKS_POOLS"] = list });

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
        CollectionAssert.AreEqual(bytes["data/b.bin"], repo.Read("data/b.bin"));
        StringAssert.Contains(Warnings(pull, "DT1010").Single(), missing);
    }

    [TestMethod]
    public async Task Pull_Offline_IsServedFromAPool()
    {
        var (repo, bytes) = await PushedAsync("data/a.bin");
        using var _ = repo;
        var pool = Path.Join(repo.Base, "pool");
        PutPoolObject(pool, repo.StorageKey("data/a.bin")!, bytes["data/a.bin"], cacheLayout: true);
        Directory.Delete(repo.Remote, recursive: true);
        SetPools(repo, pool);

        var pull = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { ["DATATASKS_OFFLINE"] = "1" });

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes["data/a.bin"], repo.Read("data/a.bin"));
    }
}
