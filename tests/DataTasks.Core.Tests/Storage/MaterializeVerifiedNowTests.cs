using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>
/// A copy of an object this process has just fetched (and hashed on the way into the cache) is trusted by the object's
/// stamp and made in the kernel; an object whose stamp was disturbed since is hashed as always, so rot is still caught.
/// </summary>
[TestClass]
public sealed class MaterializeVerifiedNowTests
{
    // More than a few copy chunks, and not a multiple of any buffer size.
    private static readonly byte[] Content = TestBytes.Seeded((3 * 256 * 1024) + 4_321, 77);
    private static readonly string Key = TestHash.Sha256(Content);

    [TestMethod]
    public async Task JustFetched_CopyIsExactWritableAndIndependent()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        Assert.IsTrue(await cache.EnsureAsync(Key, Content.Length, Fetch, null, null, CancellationToken.None));
        var target = dir.Combine("repo/data/x.bin");
        var reports = new List<string>();

        Assert.IsTrue(cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Copy), verifiedNow: true, reports.Add, out var used, CancellationToken.None));

        Assert.AreEqual(LinkMode.Copy, used);
        Assert.IsEmpty(reports);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
        Assert.IsFalse(FileIdentity.TryGet(target)!.Value.SameFileAs(FileIdentity.TryGet(cache.ObjectPath(Key))!.Value), "a copy, not a link");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserWrite, File.GetUnixFileMode(target) & UnixFileMode.UserWrite);
        }

        File.AppendAllText(target, "edit");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(cache.ObjectPath(Key)), "the cache object is untouched");
        Assert.AreEqual(MachineCache.VerifiedStamp, File.GetLastWriteTimeUtc(cache.ObjectPath(Key)));
        Assert.IsEmpty(Directory.EnumerateFiles(dir.Path, "*" + AtomicFile.TempSuffix, SearchOption.AllDirectories).ToArray());
    }

    [TestMethod]
    public async Task JustFetched_ButRewrittenSince_IsHashedQuarantinedAndNothingWritten()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        await cache.EnsureAsync(Key, Content.Length, Fetch, null, null, CancellationToken.None);
        var path = cache.ObjectPath(Key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        else
        {
            File.SetAttributes(path, FileAttributes.Normal);
        }

        var tampered = (byte[])Content.Clone();
        tampered[^10] ^= 0x5a;
        File.WriteAllBytes(path, tampered); // same size, a new mtime: the stamp no longer vouches for it
        var target = dir.Combine("repo/x.bin");
        var reports = new List<string>();

        Assert.IsFalse(cache.TryMaterialize(Key, target, LinkModes.Of(LinkMode.Copy), verifiedNow: true, reports.Add, out _, CancellationToken.None));

        Assert.IsFalse(File.Exists(target), "nothing unverified is written");
        Assert.IsFalse(File.Exists(path), "the rotted object left objects/");
        Assert.HasCount(1, reports);
        Assert.Contains(Key[..8], reports[0]);
    }

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void CopyRange_CopiesEveryByteInTheKernel()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Fail("copy_file_range is Linux only: this test must run on Linux");
        }

        using var dir = new TempDir();
        var source = dir.Combine("source.bin");
        File.WriteAllBytes(source, Content);
        var destination = dir.Combine("destination.bin");
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read))
        using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write))
        {
            Assert.IsTrue(FileLinks.TryCopyRange(input.SafeFileHandle, output.SafeFileHandle, input.Length));
        }

        CollectionAssert.AreEqual(Content, File.ReadAllBytes(destination));
    }

    private static Task Fetch(Stream destination, CancellationToken cancellationToken) =>
        destination.WriteAsync(Content, cancellationToken).AsTask();
}
