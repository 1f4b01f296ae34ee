using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests.Links;

/// <summary>
/// push puts a new object into the machine cache the way the link mode shares files: in hardlink mode the cache object
/// is another name of the tree file (one write: the upload), sealed read-only like a pulled link; in symlink mode the
/// tree file becomes a symbolic link to it; in copy modes the cache gets its own copy and the tree file stays writable.
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PushLinkTests
{
    [TestInitialize]
    public void LinuxOnly() =>
        LinuxFiles.Require("the link checks read statx");

    [TestMethod]
    public async Task Push_InHardlinkMode_LinksTheTreeFileIntoTheCache_ReadOnly()
    {
        using var repo = await AddedRepoAsync("hardlink,copy");
        var content = repo.Read("data/a.bin");

        var push = await repo.RunOkAsync("push");

        var key = repo.StorageKey("data/a.bin")!;
        var file = FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value;
        Assert.IsTrue(file.SameFileAs(FileIdentity.TryGet(repo.CacheObject(key))!.Value), push.ToString());
        Assert.AreEqual(2u, file.LinkCount);
        Assert.IsTrue(LinuxFiles.IsReadOnly(repo.PathOf("data/a.bin")), "an edit must not reach the cache");
        Assert.IsTrue(new MachineCache(repo.Cache).Check(key, out _));
        CollectionAssert.AreEqual(content, repo.Read("data/a.bin"));
        var status = await repo.RunOkAsync("status");
        Assert.IsTrue(status.OutLines.All(l => !l.Contains("modified", StringComparison.Ordinal)), status.ToString());
        await repo.RunOkAsync("verify");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("copy")]
    [DataRow("reflink,hardlink,copy")]
    public async Task Push_InACopyMode_KeepsAPrivateWritableTreeFile(string? mode)
    {
        using var repo = await AddedRepoAsync(mode);

        var push = await repo.RunOkAsync("push");

        var key = repo.StorageKey("data/a.bin")!;
        var file = FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value;
        Assert.IsTrue(File.Exists(repo.CacheObject(key)), push.ToString());
        Assert.IsFalse(file.SameFileAs(FileIdentity.TryGet(repo.CacheObject(key))!.Value), push.ToString());
        Assert.AreEqual(1u, file.LinkCount);
        Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(repo.PathOf("data/a.bin")) & UnixFileMode.UserWrite);
    }

    [TestMethod]
    public async Task Push_InSymlinkMode_LeavesASymbolicLinkToTheCacheObject()
    {
        using var repo = await AddedRepoAsync("symlink,copy");
        var content = repo.Read("data/a.bin");

        var push = await repo.RunOkAsync("push");

        var key = repo.StorageKey("data/a.bin")!;
        Assert.AreEqual(repo.CacheObject(key), new FileInfo(repo.PathOf("data/a.bin")).LinkTarget, push.ToString());
        Assert.AreEqual(1u, FileIdentity.TryGet(repo.CacheObject(key))!.Value.LinkCount, "the tree's old name is gone, only the cache's remains");
        CollectionAssert.AreEqual(content, repo.Read("data/a.bin"));
        var status = await repo.RunOkAsync("status", "--json");
        var summary = System.Text.Json.Nodes.JsonNode.Parse(status.Stdout)!["summary"]!;
        Assert.AreEqual(0, (int)summary["modified"]!, status.ToString());
    }

    [TestMethod]
    public async Task Push_InHardlinkMode_ToACacheOnAnotherFileSystem_Copies()
    {
        if (!Directory.Exists("/dev/shm"))
        {
            Assert.Fail("/dev/shm (tmpfs) is missing: it is the second file system this test needs");
        }

        var shmCache = Path.Join("/dev/shm", "dt-pushlink-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var repo = await AddedRepoAsync("hardlink,copy");

            var push = await repo.RunAsync("--cache-dir", shmCache, "push");

            Assert.AreEqual(0, push.ExitCode, push.ToString());
            var key = repo.StorageKey("data/a.bin")!;
            Assert.IsTrue(new MachineCache(shmCache).Check(key, out _), push.ToString());
            Assert.IsTrue(File.Exists(new MachineCache(shmCache).ObjectPath(key)), push.ToString());
            Assert.AreEqual(1u, FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value.LinkCount);
            Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(repo.PathOf("data/a.bin")) & UnixFileMode.UserWrite, "a copy leaves the tree file writable");
        }
        finally
        {
            Directory.Delete(shmCache, recursive: true);
        }
    }

    private static async Task<TempRepo> AddedRepoAsync(string? mode)
    {
        var repo = await TempRepo.CreateAsync();
        if (mode is not null)
        {
            repo.WriteText(".datatasks/config.local.json", $"{{\"link\": \"{mode}\"}}");
        }

        repo.WriteRandom("data/a.bin", 5000, 1);
        await repo.RunOkAsync("add", "data");
        return repo;
    }
}
