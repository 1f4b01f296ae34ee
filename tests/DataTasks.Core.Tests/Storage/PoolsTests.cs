using DataTasks.Core.Config;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>
/// <see cref="ReadPools"/>: how "pools" and DATATASKS_POOLS become folders (each test with its own environment, never
/// the process's), and how a fill picks the first intact copy across pools and layouts without writing to any pool.
/// </summary>
[TestClass]
public sealed class PoolsTests
{
    private static readonly byte[] Content = TestBytes.Seeded(70_000, 71);
    private static readonly string Key = TestHash.Sha256(Content);

    private static EnvironmentVariables Env(TempDir dir, params (string Name, string? Value)[] variables) =>
        EnvironmentVariables.From(variables.Append(("HOME", dir.Combine("home"))).Append(("USERPROFILE", dir.Combine("home"))).ToDictionary(v => v.Item1, v => v.Item2));

    private static string Repository(TempDir dir, string config)
    {
        dir.Write("repo/.datatasks/config.json", config);
        return dir.Combine("repo");
    }

    [TestMethod]
    public void Variable_IsAPathList_InOrder()
    {
        using var dir = new TempDir();
        var list = string.Join(Path.PathSeparator, dir.Combine("one"), "", dir.Combine("two"));
        var pools = ReadPools.From(ResolvedConfig.Resolve(null, Env(dir, ("DATATASKS_POOLS", list)))).All;

        CollectionAssert.AreEqual(new[] { dir.Combine("one"), dir.Combine("two") }, pools.Select(p => p.Directory).ToArray());
        StringAssert.Contains(pools[0].Origin, "DATATASKS_POOLS");
    }

    [TestMethod]
    public void Variable_WinsOverTheRepositoryFile()
    {
        using var dir = new TempDir();
        var root = Repository(dir, """{"pools": ["/from/file"]}""");
        var pools = ReadPools.From(ResolvedConfig.Resolve(root, Env(dir, ("DATATASKS_POOLS", dir.Combine("from-env"))))).All;

        Assert.AreEqual(dir.Combine("from-env"), pools.Single().Directory);
    }

    [TestMethod]
    public void RepositoryFile_ExpandsSymbols_AndRelativePathsAreRelativeToTheRoot()
    {
        using var dir = new TempDir();
        var root = Repository(dir, """{"symbols": {"team": "/mnt/team"}, "pools": ["$repo/../datasets", "${team}/cache", "~/pool", "beside"]}""");
        var pools = ReadPools.From(ResolvedConfig.Resolve(root, Env(dir))).All.Select(p => p.Directory).ToArray();

        CollectionAssert.AreEqual(
            new[] { dir.Combine("datasets"), Path.GetFullPath("/mnt/team/cache"), Path.Join(dir.Combine("home"), "pool"), Path.Join(root, "beside") },
            pools);
    }

    [TestMethod]
    [DataRow("42")]
    [DataRow("[1]")]
    [DataRow("[\"\"]")]
    [DataRow("{\"a\": \"/x\"}")]
    public void NotAListOfPaths_IsDT1012(string value)
    {
        using var dir = new TempDir();
        var root = Repository(dir, $$"""{"pools": {{value}}}""");
        var pools = ReadPools.From(ResolvedConfig.Resolve(root, Env(dir)));

        var ex = Assert.ThrowsExactly<DataTasksException>(() => pools.All);
        Assert.AreEqual(ErrorCodes.PoolsInvalid, ex.Code);
        StringAssert.Contains(ex.Message, "\"pools\"");
    }

    [TestMethod]
    public async Task Fill_SkipsACorruptCopy_TakesTheNextPoolsLayout_AndWritesNoPool()
    {
        using var dir = new TempDir();
        var corrupt = Content.ToArray();
        corrupt[^1] ^= 0x80;
        dir.Write($"first/objects/{Key[..2]}/{Key}", corrupt);
        dir.Write($"second/{Key}", Content);
        var pools = new ReadPools([new ReadPool(dir.Combine("missing"), "test"), new ReadPool(dir.Combine("first"), "test"), new ReadPool(dir.Combine("second"), "test")]);
        var cache = new MachineCache(dir.Combine("cache")) { Pools = pools };
        var before = Listing(dir.Combine("first")) + Listing(dir.Combine("second"));
        var warnings = new List<DataTasksException>();

        var served = await pools.FillAsync(cache, [(Key, Content.Length)], jobs: 2, progress: null, warnings.Add, CancellationToken.None);

        Assert.AreEqual(1, served);
        Assert.IsTrue(cache.Contains(Key, Content.Length));
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(cache.ObjectPath(Key)));
        CollectionAssert.AreEqual(new[] { ErrorCodes.PoolUnavailable, ErrorCodes.PoolObjectCorrupt }, warnings.Select(w => w.Code).ToArray());
        Assert.AreEqual(before, Listing(dir.Combine("first")) + Listing(dir.Combine("second")));
        Assert.IsFalse(Directory.Exists(dir.Combine("missing")));

        // Already cached: the pools are not asked again.
        warnings.Clear();
        Assert.AreEqual(0, await pools.FillAsync(cache, [(Key, Content.Length)], 1, null, warnings.Add, CancellationToken.None));
        Assert.IsEmpty(warnings);
    }

    [TestMethod]
    public async Task Fill_WithNoIntactCopy_ServesNothing_AndCachesNothing()
    {
        using var dir = new TempDir();
        dir.Write($"pool/{Key}", TestBytes.Seeded(100, 1));
        var pools = new ReadPools([new ReadPool(dir.Combine("pool"), "test")]);
        var cache = new MachineCache(dir.Combine("cache"));
        var warnings = new List<DataTasksException>();

        Assert.AreEqual(0, await pools.FillAsync(cache, [(Key, Content.Length)], 1, null, warnings.Add, CancellationToken.None));

        Assert.IsFalse(File.Exists(cache.ObjectPath(Key)));
        Assert.AreEqual(ErrorCodes.PoolObjectCorrupt, warnings.Single().Code);
        Assert.IsTrue(pools.MayHold(Key), "a file is there (unverified): an offline front lets pull try it");
        Assert.IsFalse(pools.MayHold(TestHash.Sha256(Content.AsSpan(1).ToArray())));
    }

    private static string Listing(string folder) => string.Join('\n', Directory
        .GetFiles(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"{f} {Convert.ToHexString(File.ReadAllBytes(f))} {File.GetLastWriteTimeUtc(f).Ticks}"));
}
