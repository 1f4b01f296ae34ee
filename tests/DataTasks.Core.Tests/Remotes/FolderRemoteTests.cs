using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Remotes;

[TestClass]
public sealed class FolderRemoteTests
{
    private static readonly byte[] Content = TestBytes.Seeded(200_000, 9);
    private static readonly string Key = TestHash.Sha256(Content);

    private static (TempDir Dir, FolderRemote Remote, string Source) Setup()
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("remote"));
        var source = dir.Write("work/file.bin", Content);
        return (dir, new FolderRemote(dir.Combine("remote"), "test-remote"), source);
    }

    private static async Task<List<RemoteObject>> ListAll(DataRemote remote)
    {
        var list = new List<RemoteObject>();
        await foreach (var o in remote.ListAsync(CancellationToken.None))
        {
            list.Add(o);
        }

        return list;
    }

    [TestMethod]
    public async Task Upload_ThenExistsDownloadListDelete()
    {
        var (dir, remote, source) = Setup();
        using var owned = dir;
        long progress = 0;

        Assert.IsFalse(await remote.ExistsAsync(Key, CancellationToken.None));
        await remote.UploadAsync(Key, source, n => progress += n, CancellationToken.None);

        Assert.AreEqual(Content.Length, progress);
        Assert.IsTrue(await remote.ExistsAsync(Key, CancellationToken.None));
        CollectionAssert.AreEqual(new[] { Key }, Directory.GetFiles(remote.Directory).Select(Path.GetFileName).ToArray(), "flat, named by key, no temp");
        var found = await remote.FindExistingAsync([Key, TestData.AbcKey], CancellationToken.None);
        CollectionAssert.AreEquivalent(new[] { Key }, found.ToArray());

        using var downloaded = new MemoryStream();
        await remote.DownloadAsync(Key, downloaded, CancellationToken.None);
        CollectionAssert.AreEqual(Content, downloaded.ToArray());

        var listed = await ListAll(remote);
        Assert.HasCount(1, listed);
        Assert.AreEqual(Key, listed[0].Key);
        Assert.AreEqual(Content.Length, listed[0].Size);

        await remote.DeleteAsync([Key, TestData.AbcKey], CancellationToken.None);
        Assert.IsFalse(await remote.ExistsAsync(Key, CancellationToken.None));
        Assert.IsEmpty(await ListAll(remote));
        Assert.IsTrue(File.Exists(source), "the source is untouched");
    }

    [TestMethod]
    public async Task Upload_ContentNotMatchingTheKey_ThrowsFileChangedAndLeavesNothing()
    {
        var (dir, remote, source) = Setup();
        using var owned = dir;

        var ex = await TestData.ThrowsCodeAsync(ErrorCodes.FileChangedDuringRead,
            () => remote.UploadAsync(TestData.AbcKey, source, null, CancellationToken.None));

        Assert.Contains(source, ex.Message);
        Assert.IsEmpty(Directory.GetFiles(remote.Directory), "neither the object nor a temp file");
        Assert.IsFalse(await remote.ExistsAsync(TestData.AbcKey, CancellationToken.None));
    }

    [TestMethod]
    public async Task Upload_ExistingKey_IsANoOp()
    {
        var (dir, remote, source) = Setup();
        using var owned = dir;
        await remote.UploadAsync(Key, source, null, CancellationToken.None);
        var objectPath = Path.Join(remote.Directory, Key);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(objectPath, stamp);
        var other = dir.Write("work/other.bin", "different content");
        long progress = 0;

        await remote.UploadAsync(Key, other, n => progress += n, CancellationToken.None);

        Assert.AreEqual(0, progress, "nothing was read or sent");
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(objectPath), "the object was not rewritten");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(objectPath));
        Assert.HasCount(1, Directory.GetFiles(remote.Directory));
    }

    [TestMethod]
    public async Task Upload_MissingSource_ThrowsTransferFailedAndLeavesNoTemp()
    {
        var (dir, remote, _) = Setup();
        using var owned = dir;

        await TestData.ThrowsCodeAsync(ErrorCodes.TransferFailed, () => remote.UploadAsync(Key, dir.Combine("work/missing.bin"), null, CancellationToken.None));
        Assert.IsEmpty(Directory.GetFiles(remote.Directory));
    }

    [TestMethod]
    public async Task Upload_EmptyFile_Works()
    {
        var (dir, remote, _) = Setup();
        using var owned = dir;
        var empty = dir.Write("work/empty", []);
        var emptyKey = TestHash.Sha256([]);

        await remote.UploadAsync(emptyKey, empty, null, CancellationToken.None);

        Assert.AreEqual(0, new FileInfo(Path.Join(remote.Directory, emptyKey)).Length);
    }

    [TestMethod]
    public async Task Download_MissingKey_ThrowsRemoteObjectMissing()
    {
        var (dir, remote, _) = Setup();
        using var owned = dir;
        using var sink = new MemoryStream();

        var ex = await TestData.ThrowsCodeAsync(ErrorCodes.RemoteObjectMissing, () => remote.DownloadAsync(Key, sink, CancellationToken.None));
        Assert.Contains("test-remote", ex.Message);
        Assert.AreEqual(0, sink.Length);
    }

    [TestMethod]
    public async Task List_IgnoresFilesThatAreNotObjects()
    {
        var (dir, remote, source) = Setup();
        using var owned = dir;
        await remote.UploadAsync(Key, source, null, CancellationToken.None);
        File.WriteAllText(Path.Join(remote.Directory, "README.txt"), "x");
        File.WriteAllText(AtomicFile.TempPathFor(Path.Join(remote.Directory, Key)), "partial");
        File.WriteAllText(Path.Join(remote.Directory, Key.ToUpperInvariant()[..64]), "x");
        Directory.CreateDirectory(Path.Join(remote.Directory, TestData.AbcKey));

        var listed = await ListAll(remote);

        CollectionAssert.AreEqual(new[] { Key }, listed.Select(o => o.Key).ToArray());
    }

    [TestMethod]
    public async Task Delete_IgnoresInvalidKeys()
    {
        var (dir, remote, _) = Setup();
        using var owned = dir;
        var bystander = dir.Write("remote/keepme", "x");
        var outside = dir.Write("outside.txt", "x");

        await remote.DeleteAsync(["keepme", "../outside.txt", ""], CancellationToken.None);

        Assert.IsTrue(File.Exists(bystander));
        Assert.IsTrue(File.Exists(outside));
    }

    [TestMethod]
    public async Task MissingRemoteFolder_ThrowsRemoteUnavailableEverywhere()
    {
        using var dir = new TempDir();
        var source = dir.Write("file.bin", Content);
        var remote = new FolderRemote(dir.Combine("no-such-remote"), "gone");
        using var sink = new MemoryStream();

        await TestData.ThrowsCodeAsync(ErrorCodes.RemoteUnavailable, () => remote.ExistsAsync(Key, CancellationToken.None));
        await TestData.ThrowsCodeAsync(ErrorCodes.RemoteUnavailable, () => remote.FindExistingAsync([Key], CancellationToken.None));
        await TestData.ThrowsCodeAsync(ErrorCodes.RemoteUnavailable, () => remote.UploadAsync(Key, source, null, CancellationToken.None));
        await TestData.ThrowsCodeAsync(ErrorCodes.RemoteUnavailable, () => remote.DownloadAsync(Key, sink, CancellationToken.None));
        await TestData.ThrowsCodeAsync(ErrorCodes.RemoteUnavailable, () => ListAll(remote));
        await TestData.ThrowsCodeAsync(ErrorCodes.RemoteUnavailable, () => remote.DeleteAsync([Key], CancellationToken.None));
        Assert.IsFalse(Directory.Exists(dir.Combine("no-such-remote")), "the remote folder is never created implicitly");
    }

    [TestMethod]
    public async Task RemoteFactory_PlainPathAndFileUrl_GiveFolderRemotes()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("remote"));
        var config = DataTasks.Core.Config.DataTasksConfig.Load(dir.Path, "unused");

        await using var relative = RemoteFactory.Create(dir.Path, "remote", config);
        await using var absolute = RemoteFactory.Create(dir.Path, new Uri(dir.Combine("remote")).AbsoluteUri, config);

        Assert.AreEqual(dir.Combine("remote"), ((FolderRemote)relative).Directory);
        Assert.AreEqual(dir.Combine("remote"), ((FolderRemote)absolute).Directory);
        var ex = TestData.ThrowsCode(ErrorCodes.UnsupportedRemote, () => RemoteFactory.Create(dir.Path, "ftp://user:secret@host/x", config));
        Assert.DoesNotContain("secret", ex.Message, "credentials in a URL are not echoed");
    }
}
