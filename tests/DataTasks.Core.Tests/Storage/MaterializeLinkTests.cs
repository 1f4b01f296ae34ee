using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>
/// Link modes on the real file system: hard links share the cache object's inode and are read-only, symbolic links
/// point at the object, a link that cannot be made falls back down the list, and unprotect gives a private copy.
/// Permissions are checked as mode bits, since the tests may run as root, whom chmod does not stop.
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MaterializeLinkTests
{
    private static readonly byte[] Content = TestBytes.Seeded(200_000, 11);
    private static readonly string Key = TestHash.Sha256(Content);

    [TestInitialize]
    public void LinuxOnly() =>
        LinuxFiles.Require("statx and link(2) are what they exercise");

    [TestMethod]
    public async Task Hardlink_SharesTheCacheObjectsInode_AndBothAreReadOnly()
    {
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(dir.Combine("cache"));
        var target = dir.Combine("repo/data/x.bin");

        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Hardlink, LinkMode.Copy), null, out var used, CancellationToken.None));

        Assert.AreEqual(LinkMode.Hardlink, used);
        var file = FileIdentity.TryGet(target)!.Value;
        var cached = FileIdentity.TryGet(cache.ObjectPath(Key))!.Value;
        Assert.IsTrue(file.SameFileAs(cached), "one inode, no second copy");
        Assert.AreEqual(2u, cached.LinkCount);
        Assert.IsTrue(LinuxFiles.IsReadOnly(target), "the tree file is read-only");
        Assert.IsTrue(LinuxFiles.IsReadOnly(cache.ObjectPath(Key)), "the cache object is read-only");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
        Assert.IsTrue(CacheLink.IsLinkTo(cache, target, Key, Content.Length));
        Assert.AreEqual(LinkedFileKind.HardLink, LinkedFile.Classify(target));
        Assert.IsEmpty(Directory.GetFiles(dir.Combine("repo/data"), "*" + AtomicFile.TempSuffix), "no temp name is left");
    }

    [TestMethod]
    public async Task Hardlink_OntoAFileThatIsAlreadyTheLink_KeepsItAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(dir.Combine("cache"));
        var target = dir.Combine("repo/x.bin");
        var modes = LinkModes.Of(LinkMode.Hardlink);
        Assert.IsTrue(cache.TryMaterialize(Key, target, modes, null, out _, CancellationToken.None));

        Assert.IsTrue(cache.TryMaterialize(Key, target, modes, null, out _, CancellationToken.None));

        Assert.IsTrue(FileIdentity.TryGet(target)!.Value.SameFileAs(FileIdentity.TryGet(cache.ObjectPath(Key))!.Value));
        CollectionAssert.AreEqual(new[] { "x.bin" }, Directory.GetFileSystemEntries(dir.Combine("repo")).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task DefaultModes_GiveAPrivateWritableFile()
    {
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(dir.Combine("cache"));
        var target = dir.Combine("repo/x.bin");

        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Default, null, out var used, CancellationToken.None));

        Assert.IsTrue(used is LinkMode.Reflink or LinkMode.Copy, used.ToString());
        Assert.IsFalse(FileIdentity.TryGet(target)!.Value.SameFileAs(FileIdentity.TryGet(cache.ObjectPath(Key))!.Value));
        Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(target) & UnixFileMode.UserWrite);
        Assert.AreEqual(1u, FileIdentity.TryGet(cache.ObjectPath(Key))!.Value.LinkCount);
        Assert.IsFalse(CacheLink.IsLinkTo(cache, target, Key, Content.Length), "a copy is not a link: status hashes it");
        Assert.AreEqual(LinkedFileKind.EditableCopy, LinkedFile.Classify(target));
    }

    [TestMethod]
    public async Task Hardlink_ToACacheOnAnotherFileSystem_FallsBackToCopy()
    {
        using var shm = SharedMemoryDir();
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(Path.Join(shm.Path, "cache"));
        var target = dir.Combine("repo/x.bin");
        Assert.AreNotEqual(FileIdentity.TryGet(cache.ObjectPath(Key))!.Value.Device, FileIdentity.TryGet(dir.Path, followLink: true)!.Value.Device, "the cache must be on another device");

        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Hardlink, LinkMode.Copy), null, out var used, CancellationToken.None));

        Assert.AreEqual(LinkMode.Copy, used);
        Assert.AreEqual(1u, FileIdentity.TryGet(target)!.Value.LinkCount);
        Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(target) & UnixFileMode.UserWrite);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
    }

    [TestMethod]
    public async Task Hardlink_Only_ToACacheOnAnotherFileSystem_IsDT0401_AndWritesNothing()
    {
        using var shm = SharedMemoryDir();
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(Path.Join(shm.Path, "cache"));
        var target = dir.Combine("repo/x.bin");

        var error = TestData.ThrowsCode(ErrorCodes.IoError, () => cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Hardlink), null, out _, CancellationToken.None));

        StringAssert.Contains(error.Message, "hardlink");
        Assert.IsFalse(File.Exists(target));
        Assert.IsEmpty(Directory.GetFiles(dir.Combine("repo")));
    }

    [TestMethod]
    public async Task Reflink_Only_OnAFileSystemWithoutClones_IsDT0401_AndReflinkCopyCopies()
    {
        // tmpfs has no FICLONE: the clone fails there on every kernel.
        using var shm = SharedMemoryDir();
        var cache = await FilledCacheAsync(Path.Join(shm.Path, "cache"));
        var target = Path.Join(shm.Path, "repo/x.bin");

        TestData.ThrowsCode(ErrorCodes.IoError, () => cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Reflink), null, out _, CancellationToken.None));
        Assert.IsFalse(File.Exists(target));
        Assert.IsEmpty(Directory.GetFiles(Path.Join(shm.Path, "repo")), "the failed clone's temp file is gone");

        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Default, null, out var used, CancellationToken.None));
        Assert.AreEqual(LinkMode.Copy, used);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
    }

    [TestMethod]
    public async Task Symlink_PointsAtTheCacheObject_AndReadsAsReadOnly()
    {
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(dir.Combine("cache"));
        var target = dir.Combine("repo/x.bin");

        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Symlink, LinkMode.Copy), null, out var used, CancellationToken.None));

        Assert.AreEqual(LinkMode.Symlink, used);
        Assert.AreEqual(cache.ObjectPath(Key), new FileInfo(target).LinkTarget);
        Assert.IsTrue(LinuxFiles.IsReadOnly(cache.ObjectPath(Key)));
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
        Assert.IsTrue(CacheLink.IsLinkTo(cache, target, Key, Content.Length));
        Assert.IsFalse(CacheLink.IsLinkTo(cache, target, TestHash.Sha256([1, 2, 3]), Content.Length), "a link at another key's object is not that key");
        Assert.AreEqual(LinkedFileKind.SymbolicLink, LinkedFile.Classify(target));
    }

    [TestMethod]
    public async Task Link_IntoAnObjectWhoseStampMoved_IsNotTrusted()
    {
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(dir.Combine("cache"));
        var target = dir.Combine("repo/x.bin");
        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Hardlink), null, out _, CancellationToken.None));

        // What a write through a link made writable looks like: the shared inode's mtime is no longer the stamp.
        File.SetLastWriteTimeUtc(cache.ObjectPath(Key), DateTime.UtcNow);

        Assert.IsFalse(CacheLink.IsLinkTo(cache, target, Key, Content.Length));
    }

    [TestMethod]
    [DataRow(LinkMode.Hardlink, LinkedFileKind.HardLink)]
    [DataRow(LinkMode.Symlink, LinkedFileKind.SymbolicLink)]
    public async Task Unprotect_OfALink_GivesAWritablePrivateCopy_AndLeavesTheCacheObjectAlone(LinkMode mode, LinkedFileKind expected)
    {
        using var dir = new TempDir();
        var cache = await FilledCacheAsync(dir.Combine("cache"));
        var target = dir.Combine("repo/x.bin");
        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Of(mode), null, out _, CancellationToken.None));

        var (was, key) = LinkedFile.Unprotect(target, CancellationToken.None);

        Assert.AreEqual(expected, was);
        Assert.AreEqual(Key, key);
        var file = FileIdentity.TryGet(target)!.Value;
        Assert.IsTrue(file.IsRegularFile);
        Assert.AreEqual(1u, file.LinkCount);
        Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(target) & UnixFileMode.UserWrite);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
        File.AppendAllText(target, "an edit");
        Assert.AreEqual(1u, FileIdentity.TryGet(cache.ObjectPath(Key))!.Value.LinkCount);
        Assert.IsTrue(LinuxFiles.IsReadOnly(cache.ObjectPath(Key)));
        Assert.IsTrue(cache.Check(Key, out _), "the edit did not reach the cache object");
        Assert.AreEqual(LinkedFileKind.EditableCopy, LinkedFile.Classify(target));
    }

    [TestMethod]
    public void Unprotect_OfAnEditableCopy_ChangesNothing()
    {
        using var dir = new TempDir();
        var target = dir.Write("x.bin", Content);
        var before = FileIdentity.TryGet(target)!.Value;

        var (was, key) = LinkedFile.Unprotect(target, CancellationToken.None);

        Assert.AreEqual(LinkedFileKind.EditableCopy, was);
        Assert.IsNull(key);
        Assert.AreEqual(before, FileIdentity.TryGet(target)!.Value);
    }

    private static async Task<MachineCache> FilledCacheAsync(string directory)
    {
        var cache = new MachineCache(directory);
        await cache.EnsureAsync(Key, Content.Length, (s, ct) => s.WriteAsync(Content, ct).AsTask(), null, null, CancellationToken.None);
        return cache;
    }

    private static TempFolder SharedMemoryDir()
    {
        if (!Directory.Exists("/dev/shm"))
        {
            Assert.Fail("/dev/shm (tmpfs) is missing: it is the second file system these tests need");
        }

        return new TempFolder(Path.Join("/dev/shm", "dt-links-" + Guid.NewGuid().ToString("N")));
    }

    private sealed class TempFolder : IDisposable
    {
        public TempFolder(string path)
        {
            Path = path;
            Directory.CreateDirectory(path);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
