using DataTasks.Core;

namespace DataTasks.Tests;

/// <summary>Offline, Resolve is cache-only like the CLI and the build: a cached object still hydrates, a miss is DT0801.</summary>
[TestClass]
public sealed class OfflineResolveTests
{
    [TestMethod]
    public async Task Offline_AnObjectInTheMachineCache_StillHydrates_WithoutTheRemote()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/a.bin", 3000, 41);
        var path = await repo.Resolver().ResolveAsync("data/a.bin");
        File.Delete(path);
        Directory.Delete(repo.Remote, recursive: true);

        var again = await repo.Resolver(offline: true).ResolveAsync("data/a.bin");

        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(again));
    }

    [TestMethod]
    public void Offline_AnObjectNotCached_IsDT0801NamingTheSwitch()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 3000, 42);
        var ex = Assert.ThrowsExactly<DataArtifactUnavailableException>(() => repo.Resolver(offline: true).ResolveAsync("data/a.bin").GetAwaiter().GetResult());
        Assert.AreEqual(ErrorCodes.OfflineMissing, ex.Code);
        StringAssert.Contains(ex.Message, "DATATASKS_OFFLINE=1");
    }
}
