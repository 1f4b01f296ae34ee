using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 5: flat remote layout, push de-duplication, and dry runs that change nothing.</summary>
[TestClass]
public sealed class RemoteTests
{
    [TestMethod]
    public async Task Push_StoresEveryObjectFlatUnderItsKey()
    {
        using var repo = await TempRepo.CreateAsync();
        var files = new Dictionary<string, byte[]>
        {
            ["data/a.bin"] = repo.WriteRandom("data/a.bin", 1000, 1),
            ["data/deep/er/b.bin"] = repo.WriteRandom("data/deep/er/b.bin", 2000, 2),
            ["data/empty.bin"] = repo.WriteRandom("data/empty.bin", 0, 3),
        };
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");

        var expected = files.Values.Select(TestHash.Sha256).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, repo.RemoteFiles(), "the remote holds exactly <remote>/<key> per object, no folders, no temp files");
        Assert.AreEqual(0, Directory.GetDirectories(repo.Remote).Length);
        foreach (var (path, bytes) in files)
        {
            var key = repo.StorageKey(path)!;
            Assert.AreEqual(TestHash.Sha256(bytes), key);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(Path.Join(repo.Remote, key)), path);
        }
    }

    [TestMethod]
    public async Task SecondPush_UploadsNothing_AndLeavesObjectsUntouched()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/b.bin", 1000, 2);
        await repo.RunOkAsync("add", "data");
        var first = await repo.RunOkAsync("push");
        StringAssert.Contains(first.Stdout, "pushed 2 files");
        var remote = Snapshot.Take(repo.Remote);
        var manifest = repo.ManifestText;

        var second = await repo.RunOkAsync("push");
        StringAssert.Contains(second.Stdout, "pushed 0 files (0B), 0 already on the remote, 0 failed", second.ToString());
        Assert.IsFalse(second.Stdout.Contains("uploaded", StringComparison.Ordinal), second.ToString());
        remote.AssertUnchanged("a second push", compareMTimes: true);
        Assert.AreEqual(manifest, repo.ManifestText);
    }

    [TestMethod]
    public async Task TwoEntriesWithTheSameContent_UploadOneObject()
    {
        using var repo = await TempRepo.CreateAsync();
        var bytes = TestBytes.Seeded(5000, 7);
        repo.WriteBytes("data/one.bin", bytes);
        repo.WriteBytes("data/copy/two.bin", bytes);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");

        var key = TestHash.Sha256(bytes);
        CollectionAssert.AreEqual(new[] { key }, repo.RemoteFiles());
        Assert.AreEqual(key, repo.StorageKey("data/one.bin"));
        Assert.AreEqual(key, repo.StorageKey("data/copy/two.bin"));
    }

    [TestMethod]
    public async Task ObjectAlreadyOnRemote_IsSkippedAsExists()
    {
        using var repo = await TempRepo.CreateAsync();
        var bytes = repo.WriteRandom("data/x.bin", 3000, 1);
        var key = repo.PutRemoteObject(bytes);
        var objectPath = Path.Join(repo.Remote, key);
        File.SetLastWriteTimeUtc(objectPath, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var remote = Snapshot.Take(repo.Remote);
        var inode = DataTasks.Core.Storage.FileStat.TryGet(objectPath)!.Value.FileId;

        await repo.RunOkAsync("add", "data/x.bin");
        var push = await repo.RunOkAsync("push");
        Assert.IsTrue(push.OutLines.Contains($"exists   data/x.bin (3KB, key: {key[..4]}...)"), push.ToString());
        StringAssert.Contains(push.Stdout, "pushed 0 files (0B), 1 already on the remote", push.ToString());

        // Not written again (same file, same bytes), but its date renewed so gc's grace period covers it.
        remote.AssertUnchanged("push of an object the remote has", compareMTimes: false);
        Assert.AreEqual(inode, DataTasks.Core.Storage.FileStat.TryGet(objectPath)!.Value.FileId, "the object was replaced");
        Assert.IsGreaterThan(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(objectPath), "the object's date was not renewed");
        Assert.AreEqual(key, repo.StorageKey("data/x.bin"), "the key is still recorded");

        // A second clone sharing the remote sees the same: nothing uploaded.
        using var other = await TempRepo.CreateAsync(init: false);
        Directory.CreateDirectory(other.Root);
        var init = await other.RunAsync("init", "--remote", repo.Remote);
        Assert.AreEqual(0, init.ExitCode, init.ToString());
        other.WriteBytes("data/same.bin", bytes);
        await other.RunOkAsync("add", "data/same.bin");
        var push2 = await other.RunOkAsync("push");
        StringAssert.StartsWith(push2.OutLines[0], "exists   data/same.bin", push2.ToString());
        remote.AssertUnchanged("push from a second clone", compareMTimes: false);
    }

    [TestMethod]
    public async Task PushDryRun_ChangesNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/b.bin", 1000, 2);
        await repo.RunOkAsync("add", "data");
        var manifest = File.ReadAllBytes(repo.ManifestPath);
        var remote = Snapshot.Take(repo.Remote);
        var data = Snapshot.Take(repo.PathOf("data"));

        var dry = await repo.RunOkAsync("push", "--dry-run");
        StringAssert.Contains(dry.Stdout, "would upload   data/a.bin", dry.ToString());
        StringAssert.Contains(dry.Stdout, "dry run: would upload 2 files", dry.ToString());
        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(repo.ManifestPath), "push --dry-run rewrote the manifest");
        remote.AssertUnchanged("push --dry-run");
        data.AssertUnchanged("push --dry-run");

        var status = await repo.RunOkAsync("status");
        Assert.IsTrue(status.OutLines.All(l => l.StartsWith("added ", StringComparison.Ordinal)), status.ToString());
    }

    [TestMethod]
    public async Task PullDryRun_ChangesNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/b.bin", 1000, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));
        TempDir.DeleteDirectory(repo.Cache);
        var manifest = File.ReadAllBytes(repo.ManifestPath);
        var remote = Snapshot.Take(repo.Remote);
        var data = Snapshot.Take(repo.PathOf("data"));

        var dry = await repo.RunOkAsync("pull", "--dry-run");
        StringAssert.Contains(dry.Stdout, "would download data/a.bin", dry.ToString());
        StringAssert.Contains(dry.Stdout, "dry run: would download 1 file (", dry.ToString());
        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(repo.ManifestPath));
        remote.AssertUnchanged("pull --dry-run");
        data.AssertUnchanged("pull --dry-run");
        Assert.IsFalse(repo.Exists("data/a.bin"));
        Assert.IsFalse(Directory.Exists(Path.Join(repo.Cache, "objects")), "pull --dry-run filled the machine cache");
    }
}
