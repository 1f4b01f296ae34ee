using DataTasks.Core.Storage;

namespace DataTasks.Tests;

/// <summary>The runtime resolver materialises through the same verified copy as pull: a rotted cache object never reaches the tree.</summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheRotResolveTests
{
    [TestMethod]
    public async Task Resolve_AfterTheCachedObjectRotted_QuarantinesIt_AndReturnsTheRightBytesFromTheRemote()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/a.bin", 200_000, 1);
        var path = await repo.Resolver().ResolveAsync("data/a.bin");
        var cached = Path.Join(repo.Cache, "objects", TestHash.Sha256(bytes)[..2], TestHash.Sha256(bytes));

        // Bit rot behind an intact size, mode and verification stamp.
        var mode = File.GetUnixFileMode(cached);
        File.SetUnixFileMode(cached, mode | UnixFileMode.UserWrite);
        using (var fs = new FileStream(cached, FileMode.Open, FileAccess.Write))
        {
            fs.Position = 100;
            fs.WriteByte((byte)~bytes[100]);
        }

        File.SetLastWriteTimeUtc(cached, MachineCache.VerifiedStamp);
        File.SetUnixFileMode(cached, mode);
        File.Delete(path);

        Assert.AreEqual(path, await repo.Resolver().ResolveAsync("data/a.bin"));
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
        Assert.HasCount(1, Directory.GetFiles(Path.Join(repo.Cache, "quarantine")));
    }
}
