using DataTasks.Core;

namespace DataTasks.Tests;

/// <summary>
/// The runtime resolver probes the same read pools as the CLI and the build (the repository's "pools"), after the
/// machine cache and before the remote: the remote's copy is moved into a pool, so only the pool can serve it.
/// </summary>
[TestClass]
public sealed class PoolResolveTests
{
    /// <summary>A pushed entry whose object is moved from the remote into a pool in the folder-remote layout.</summary>
    private static (RuntimeRepo Repo, byte[] Bytes) InPoolOnly(int seed)
    {
        var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/a.bin", 3000, seed);
        var pool = Path.Join(repo.Base, "pool");
        Directory.CreateDirectory(pool);
        foreach (var file in Directory.GetFiles(repo.Remote))
        {
            File.Move(file, Path.Join(pool, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Join(repo.Root, ".datatasks", "config.json"),
            $$"""{"remote": "{{repo.Remote.Replace("\\", "/")}}", "pools": ["$repo/../pool"]}""");
        return (repo, bytes);
    }

    [TestMethod]
    public async Task Resolve_HydratesFromAPool_WhenTheRemoteLacksTheObject()
    {
        var (repo, bytes) = InPoolOnly(51);
        using var _ = repo;

        var path = await repo.Resolver().ResolveAsync("data/a.bin");

        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
    }

    [TestMethod]
    public async Task Resolve_Offline_IsServedFromAPool()
    {
        var (repo, bytes) = InPoolOnly(52);
        using var _ = repo;
        Directory.Delete(repo.Remote, recursive: true);

        var path = await repo.Resolver(offline: true).ResolveAsync("data/a.bin");

        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
    }

    [TestMethod]
    public void Resolve_Offline_WithACorruptPoolObject_IsDT0801_AndThePoolKeepsIt()
    {
        var (repo, _) = InPoolOnly(53);
        using var __ = repo;
        var poolFile = Directory.GetFiles(Path.Join(repo.Base, "pool")).Single();
        var corrupt = File.ReadAllBytes(poolFile);
        corrupt[7] ^= 0x55;
        File.WriteAllBytes(poolFile, corrupt);

        var ex = Assert.ThrowsExactly<DataArtifactUnavailableException>(() => repo.Resolver(offline: true).ResolveAsync("data/a.bin").GetAwaiter().GetResult());

        Assert.AreEqual(ErrorCodes.OfflineMissing, ex.Code);
        CollectionAssert.AreEqual(corrupt, File.ReadAllBytes(poolFile));
        Assert.IsFalse(File.Exists(repo.PathOf("data/a.bin")));
    }
}
