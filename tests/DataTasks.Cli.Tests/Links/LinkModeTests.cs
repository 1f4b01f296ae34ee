using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests.Links;

/// <summary>
/// "link": pull puts files into the tree as hard or symbolic links to the machine cache's read-only objects, status
/// knows them without hashing, unprotect makes them editable, and nothing that deletes or replaces tree files trips
/// over them. Real file system, real git; permissions are checked as mode bits (the tests may run as root).
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinkModeTests
{
    [TestInitialize]
    public void LinuxOnly()
    {
        if (!OperatingSystem.IsLinux())
        {
            // Never skipped: a run that cannot check links must fail, so CI never reports them as proven.
            Assert.Fail("these tests need Linux: the link checks read statx");
        }
    }

    [TestMethod]
    public async Task Pull_WithHardlink_MakesReadOnlyFilesThatShareTheCacheObjectsInode()
    {
        using var repo = await PushedRepoAsync("hardlink");
        var key = repo.StorageKey("data/a.bin")!;

        var pull = await repo.RunOkAsync("pull");

        var file = FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value;
        var cached = FileIdentity.TryGet(repo.CacheObject(key))!.Value;
        Assert.IsTrue(file.SameFileAs(cached), pull.ToString());
        Assert.IsTrue(LinuxFiles.IsReadOnly(repo.PathOf("data/a.bin")), "read-only, so an edit cannot reach the cache");
        Assert.IsTrue(LinuxFiles.IsReadOnly(repo.CacheObject(key)));
        var status = await repo.RunOkAsync("status");
        Assert.IsTrue(status.OutLines.All(l => !l.Contains("modified", StringComparison.Ordinal)), status.ToString());
        var verify = await repo.RunOkAsync("verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
    }

    [TestMethod]
    public async Task Status_OfAHardLinkWhoseInodeChanged_IsSyncedWithoutHashing()
    {
        using var repo = await PushedRepoAsync("hardlink");
        await repo.RunOkAsync("pull");
        var key = repo.StorageKey("data/a.bin")!;

        // Another clone linking the same object moves the shared inode's ctime, so the stat cache no longer matches.
        var cache = new MachineCache(repo.Cache);
        var otherClone = Path.Join(repo.Base, "other/a.bin");
        Assert.IsTrue(cache.TryMaterialize(key, otherClone, LinkModes.Of(LinkMode.Hardlink), null, out _, CancellationToken.None));
        var repository = DataRepository.Discover(repo.Root);
        var manifest = repository.LoadManifest();

        var unaware = StatusOperation.Run(repository, manifest, new WorkingTree(repository), PathScope.All, CancellationToken.None);
        File.SetUnixFileMode(otherClone, UnixFileMode.UserRead); // and once more, so the unaware run's re-hash is stale again
        var aware = StatusOperation.Run(repository, manifest, new WorkingTree(repository) { LinkedCache = cache }, PathScope.All, CancellationToken.None);

        Assert.AreEqual(1, unaware.HashedFiles, "without the link check the moved ctime costs a hash");
        Assert.AreEqual(0, aware.HashedFiles, "the inode is the cache object's: no hash");
        Assert.AreEqual(EntryState.Synced, aware.Items.Single(i => i.Path == "data/a.bin").State);
    }

    [TestMethod]
    public async Task Pull_WithSymlink_LinksAtTheCacheObject_AndStatusSaysSynced()
    {
        using var repo = await PushedRepoAsync("symlink,copy");
        var key = repo.StorageKey("data/a.bin")!;

        await repo.RunOkAsync("pull");

        Assert.AreEqual(repo.CacheObject(key), new FileInfo(repo.PathOf("data/a.bin")).LinkTarget);
        var status = await repo.RunOkAsync("status", "--json");
        var summary = System.Text.Json.Nodes.JsonNode.Parse(status.Stdout)!["summary"]!;
        Assert.AreEqual(2, (int)summary["synced"]!, status.ToString());
        Assert.AreEqual(0, (int)summary["modified"]!, status.ToString());
        Assert.AreEqual("", status.Stderr, "a link into the cache is not a skipped symbolic link");
    }

    [TestMethod]
    public async Task Pull_WithHardlink_ToACacheOnAnotherFileSystem_FallsBackToCopies()
    {
        if (!Directory.Exists("/dev/shm"))
        {
            Assert.Fail("/dev/shm (tmpfs) is missing: it is the second file system this test needs");
        }

        var shmCache = Path.Join("/dev/shm", "dt-links-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var repo = await PushedRepoAsync("hardlink,copy");

            var pull = await repo.RunAsync("--cache-dir", shmCache, "pull");

            Assert.AreEqual(0, pull.ExitCode, pull.ToString());
            Assert.AreEqual(1u, FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value.LinkCount);
            Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(repo.PathOf("data/a.bin")) & UnixFileMode.UserWrite, "a copy stays writable");
        }
        finally
        {
            Directory.Delete(shmCache, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("hardlink")]
    [DataRow("symlink")]
    public async Task Unprotect_MakesAnEditableCopy_AndAPlainCopyGetsANote(string mode)
    {
        using var repo = await PushedRepoAsync(mode);
        await repo.RunOkAsync("pull");
        var key = repo.StorageKey("data/a.bin")!;
        var content = repo.Read("data/a.bin");

        var unprotect = await repo.RunOkAsync("unprotect", "data");

        StringAssert.Contains(unprotect.Stdout, "unprotected  data/a.bin (was a ", unprotect.ToString());
        var file = FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value;
        Assert.IsTrue(file.IsRegularFile);
        Assert.AreEqual(1u, file.LinkCount);
        Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(repo.PathOf("data/a.bin")) & UnixFileMode.UserWrite);
        CollectionAssert.AreEqual(content, repo.Read("data/a.bin"));
        File.AppendAllText(repo.PathOf("data/a.bin"), "an edit");
        Assert.IsTrue(new MachineCache(repo.Cache).Check(key, out _), "the edit stayed out of the cache");
        Assert.IsTrue(LinuxFiles.IsReadOnly(repo.CacheObject(key)));

        var again = await repo.RunOkAsync("unprotect", "data/a.bin");
        Assert.AreEqual("note: data/a.bin is already an editable copy; nothing to do\n", again.Stdout, again.ToString());
    }

    [TestMethod]
    public async Task Unprotect_OfAPathThatIsNoEntry_IsDT0004()
    {
        using var repo = await PushedRepoAsync("hardlink");

        var result = await repo.RunAsync("unprotect", "nope.bin");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error DT0004:");
    }

    [TestMethod]
    [DataRow("hardlinks")]
    [DataRow("hardlink,,copy")]
    [DataRow("hardlink;copy")]
    public async Task Pull_WithALinkValueThatIsNotTheFourModes_IsDT1001_OnOneLine(string value)
    {
        using var repo = await PushedRepoAsync(value);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(2, pull.ExitCode, pull.ToString());
        Assert.HasCount(1, pull.ErrLines, pull.ToString());
        StringAssert.StartsWith(pull.Stderr, "error DT1001:");
        Assert.IsFalse(repo.Exists("data/a.bin"), "nothing was written");
    }

    [TestMethod]
    public async Task Pull_ReadsDataTasksLink_FromTheEnvironment()
    {
        using var repo = await PushedRepoAsync(linkSetting: null);
        var key = repo.StorageKey("data/a.bin")!;

        var pull = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { [LinkModes.Variable] = "hardlink" });

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value.SameFileAs(FileIdentity.TryGet(repo.CacheObject(key))!.Value));
        var bad = await repo.RunProcessAsync(["pull"], new Dictionary<string, string?> { [LinkModes.Variable] = "clone" });
        Assert.AreEqual(2, bad.ExitCode, bad.ToString());
        StringAssert.StartsWith(bad.Stderr, "error DT1001: DATATASKS_LINK:");
    }

    [TestMethod]
    [DataRow("hardlink")]
    [DataRow("symlink")]
    public async Task Add_OfLinkedFiles_KeepsTheirPushedEntries(string mode)
    {
        using var repo = await PushedRepoAsync(mode);
        await repo.RunOkAsync("pull");
        var before = repo.ManifestText;

        var byFolder = await repo.RunOkAsync("add", "data");
        var byName = await repo.RunOkAsync("add", "data/a.bin");

        Assert.AreEqual("", byFolder.Stderr + byName.Stderr, byFolder + "\n" + byName);
        Assert.AreEqual(before, repo.ManifestText, "a link into the cache is the pushed content, not a change to add");
    }

    [TestMethod]
    public async Task RmDelete_OfReadOnlyLinks_DeletesThem_AndKeepsTheCacheObject()
    {
        using var repo = await PushedRepoAsync("hardlink");
        await repo.RunOkAsync("pull");
        var key = repo.StorageKey("data/a.bin")!;

        await repo.RunOkAsync("rm", "--delete", "data");

        Assert.IsFalse(repo.Exists("data/a.bin"));
        Assert.IsFalse(repo.Exists("data/b.bin"));
        Assert.IsTrue(new MachineCache(repo.Cache).Check(key, out _));
        Assert.IsTrue(File.Exists(repo.CacheObject(key)));
    }

    [TestMethod]
    public async Task CheckoutForce_ReplacesReadOnlyLinks_WithTheRevisionsLinks()
    {
        using var repo = await PushedRepoAsync("hardlink");
        await repo.RunOkAsync("pull");
        Git(repo, "add", "artifacts.json", ".datatasks/config.json");
        Git(repo, "commit", "-qm", "v1");
        var v1 = repo.Read("data/a.bin");
        var v1Key = repo.StorageKey("data/a.bin")!;
        await repo.RunOkAsync("unprotect", "data/a.bin");
        var v2 = repo.WriteRandom("data/a.bin", 3000, 99);
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("push");
        Git(repo, "commit", "-qam", "v2");
        File.Delete(repo.PathOf("data/a.bin"));
        await repo.RunOkAsync("pull");
        Assert.IsTrue(LinuxFiles.IsReadOnly(repo.PathOf("data/a.bin")), "v2 is a read-only link now");

        var checkout = await repo.RunAsync("checkout", "HEAD~1", "--force");

        Assert.AreEqual(0, checkout.ExitCode, checkout.ToString());
        CollectionAssert.AreEqual(v1, repo.Read("data/a.bin"));
        Assert.IsTrue(FileIdentity.TryGet(repo.PathOf("data/a.bin"))!.Value.SameFileAs(FileIdentity.TryGet(repo.CacheObject(v1Key))!.Value));
        CollectionAssert.AreNotEqual(v2, repo.Read("data/a.bin"));
    }

    [TestMethod]
    [DataRow("hardlink")]
    [DataRow("symlink")]
    public async Task GitCleanFdx_RemovesReadOnlyLinks_AndLeavesTheCacheIntact(string mode)
    {
        using var repo = await PushedRepoAsync(mode);
        Git(repo, "add", "artifacts.json", ".datatasks/config.json");
        Git(repo, "commit", "-qm", "manifest");
        await repo.RunOkAsync("pull");
        var key = repo.StorageKey("data/a.bin")!;

        Git(repo, "clean", "-fdxq");

        Assert.IsFalse(File.Exists(repo.PathOf("data/a.bin")) || new FileInfo(repo.PathOf("data/a.bin")).LinkTarget is not null);
        Assert.IsFalse(Directory.Exists(repo.PathOf("data")));
        Assert.IsTrue(new MachineCache(repo.Cache).Check(key, out _));
        Assert.IsTrue(File.Exists(repo.CacheObject(key)));
    }

    private static void Git(TempRepo repo, params string[] args) =>
        GitRunner.Run(repo.Root, ["-c", "user.name=links", "-c", "user.email=links@example.com", .. args]);

    /// <summary>A repository with two pushed files in data/ (deleted from the tree) and "link" set locally.</summary>
    private static async Task<TempRepo> PushedRepoAsync(string? linkSetting)
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 5000, 1);
        repo.WriteRandom("data/b.bin", 7000, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));
        File.Delete(repo.PathOf("data/b.bin"));
        if (linkSetting is not null)
        {
            repo.WriteText(".datatasks/config.local.json", $"{{\"link\": \"{linkSetting}\"}}");
        }

        return repo;
    }
}
