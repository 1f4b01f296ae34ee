using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

[TestClass]
public sealed class MachineCacheTests
{
    private static readonly byte[] Content = TestBytes.Seeded(300_000, 42);
    private static readonly string Key = TestHash.Sha256(Content);

    /// <summary>A fetch that streams <paramref name="bytes"/> in uneven chunks and counts its calls.</summary>
    private sealed class Fetcher(byte[] bytes, int delayMs = 0)
    {
        private int calls;

        public int Calls => calls;

        public async Task Fetch(Stream destination, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            if (delayMs > 0)
            {
                await Task.Delay(delayMs, cancellationToken);
            }

            for (var offset = 0; offset < bytes.Length; offset += 65_537)
            {
                await destination.WriteAsync(bytes.AsMemory(offset, Math.Min(65_537, bytes.Length - offset)), cancellationToken);
            }
        }
    }

    private static string[] TempFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => AtomicFile.IsTempName(Path.GetFileName(f))).ToArray();

    private static void MakeWritable(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        else
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [TestMethod]
    public async Task EnsureAsync_StoresVerifiedReadOnlyStampedObject()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var fetcher = new Fetcher(Content);
        long progress = 0;

        var fetched = await cache.EnsureAsync(Key, Content.Length, fetcher.Fetch, n => Interlocked.Add(ref progress, n), null, CancellationToken.None);

        Assert.IsTrue(fetched);
        Assert.AreEqual(1, fetcher.Calls);
        Assert.AreEqual(Content.Length, progress);
        var path = cache.ObjectPath(Key);
        Assert.AreEqual(Path.Join(dir.Path, "cache", "objects", Key[..2], Key), path);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(path));
        Assert.AreEqual(MachineCache.VerifiedStamp, File.GetLastWriteTimeUtc(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        }
        else
        {
            Assert.IsTrue(File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly));
        }

        Assert.IsEmpty(TempFiles(dir.Path));
        Assert.IsTrue(cache.Contains(Key, Content.Length));
        Assert.IsFalse(cache.Contains(TestData.AbcKey, 3), "another key");
    }

    [TestMethod]
    public async Task EnsureAsync_EmptyObject_Works()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        var emptyKey = TestHash.Sha256([]);

        Assert.IsTrue(await cache.EnsureAsync(emptyKey, 0, new Fetcher([]).Fetch, null, null, CancellationToken.None));
        Assert.AreEqual(0, new FileInfo(cache.ObjectPath(emptyKey)).Length);
        Assert.IsTrue(cache.Contains(emptyKey, 0));
    }

    [TestMethod]
    public async Task EnsureAsync_ContentNotMatchingTheKey_ThrowsObjectCorruptAndLeavesNothing()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        var wrong = (byte[])Content.Clone();
        wrong[^1] ^= 1;

        var ex = await TestData.ThrowsCodeAsync(ErrorCodes.ObjectCorrupt,
            () => cache.EnsureAsync(Key, Content.Length, new Fetcher(wrong).Fetch, null, null, CancellationToken.None));

        Assert.Contains(Key[..8], ex.Message);
        Assert.IsFalse(File.Exists(cache.ObjectPath(Key)));
        Assert.IsEmpty(TempFiles(dir.Path));
        Assert.IsFalse(Directory.Exists(Path.Join(dir.Path, "objects")) && Directory.EnumerateFiles(Path.Join(dir.Path, "objects"), "*", SearchOption.AllDirectories).Any());
        Assert.IsFalse(cache.Contains(Key, Content.Length));
    }

    [TestMethod]
    public async Task EnsureAsync_ShorterContent_ThrowsObjectCorrupt()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);

        await TestData.ThrowsCodeAsync(ErrorCodes.ObjectCorrupt,
            () => cache.EnsureAsync(Key, Content.Length, new Fetcher(Content[..1000]).Fetch, null, null, CancellationToken.None));
        Assert.IsEmpty(TempFiles(dir.Path));
        Assert.IsFalse(File.Exists(cache.ObjectPath(Key)));
    }

    [TestMethod]
    public async Task EnsureAsync_FetchCancelled_LeavesNoTempFile()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAsync<OperationCanceledException>(() => cache.EnsureAsync(Key, Content.Length, async (stream, ct) =>
        {
            await stream.WriteAsync(Content.AsMemory(0, 100), ct);
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
        }, null, null, cts.Token));

        Assert.IsEmpty(TempFiles(dir.Path));
        Assert.IsFalse(File.Exists(cache.ObjectPath(Key)));
    }

    [TestMethod]
    public async Task EnsureAsync_Twice_FetchesOnce()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        var fetcher = new Fetcher(Content);

        Assert.IsTrue(await cache.EnsureAsync(Key, Content.Length, fetcher.Fetch, null, null, CancellationToken.None));
        Assert.IsFalse(await cache.EnsureAsync(Key, Content.Length, fetcher.Fetch, null, null, CancellationToken.None));
        Assert.IsFalse(await new MachineCache(dir.Path).EnsureAsync(Key, Content.Length, fetcher.Fetch, null, null, CancellationToken.None), "another instance on the same folder");

        Assert.AreEqual(1, fetcher.Calls);
    }

    [TestMethod]
    public async Task EnsureAsync_EightConcurrentCallers_FetchExactlyOnce()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        var fetcher = new Fetcher(Content, delayMs: 100);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => cache.EnsureAsync(Key, Content.Length, fetcher.Fetch, null, null, CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.AreEqual(1, fetcher.Calls);
        Assert.AreEqual(1, results.Count(r => r), "exactly one caller reports that it fetched");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(cache.ObjectPath(Key)));
        Assert.IsEmpty(TempFiles(dir.Path));
    }

    [TestMethod]
    public async Task Contains_TamperedObject_IsQuarantinedAndReported()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        await cache.EnsureAsync(Key, Content.Length, new Fetcher(Content).Fetch, null, null, CancellationToken.None);
        var path = cache.ObjectPath(Key);
        MakeWritable(path);
        var tampered = (byte[])Content.Clone();
        tampered[1234] ^= 0xff;
        File.WriteAllBytes(path, tampered); // same size, new mtime
        var reports = new List<string>();

        var contains = cache.Contains(Key, Content.Length, reports.Add);

        Assert.IsFalse(contains);
        Assert.IsFalse(File.Exists(path), "the corrupt object left objects/");
        var quarantined = Directory.GetFiles(Path.Join(cache.Directory, "quarantine"));
        Assert.HasCount(1, quarantined);
        Assert.StartsWith(Key + ".", Path.GetFileName(quarantined[0]));
        CollectionAssert.AreEqual(tampered, File.ReadAllBytes(quarantined[0]), "kept for inspection");
        Assert.HasCount(1, reports);
        Assert.Contains(Key[..8], reports[0]);

        var fetcher = new Fetcher(Content);
        Assert.IsTrue(await cache.EnsureAsync(Key, Content.Length, fetcher.Fetch, null, null, CancellationToken.None), "fetched again");
        Assert.AreEqual(1, fetcher.Calls);
    }

    [TestMethod]
    public async Task Contains_TouchedButIntactObject_IsResealedNotQuarantined()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        await cache.EnsureAsync(Key, Content.Length, new Fetcher(Content).Fetch, null, null, CancellationToken.None);
        var path = cache.ObjectPath(Key);
        MakeWritable(path);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        var reports = new List<string>();

        Assert.IsTrue(cache.Contains(Key, Content.Length, reports.Add));

        Assert.IsEmpty(reports);
        Assert.AreEqual(MachineCache.VerifiedStamp, File.GetLastWriteTimeUtc(path), "sealed again");
        Assert.IsFalse(Directory.Exists(Path.Join(cache.Directory, "quarantine")));
    }

    [TestMethod]
    public async Task Contains_ObjectOfAnotherSizeThanExpected_IsHashedAndNotTrustedBlindly()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        await cache.EnsureAsync(Key, Content.Length, new Fetcher(Content).Fetch, null, null, CancellationToken.None);
        var path = cache.ObjectPath(Key);
        MakeWritable(path);
        File.WriteAllBytes(path, Content[..^1]);
        File.SetLastWriteTimeUtc(path, MachineCache.VerifiedStamp); // the stamp is intact, the size is not

        Assert.IsFalse(cache.Contains(Key, Content.Length));
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public async Task Contains_ValidObjectButWrongExpectedSize_IsNotQuarantined()
    {
        // The key names the content; a manifest size that disagrees must not get a good object quarantined
        // (and re-downloaded on every pull) with a "corrupt" report whose content hash equals the key.
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Path);
        var wrongSize = Content.Length + 10;
        var fetcher = new Fetcher(Content);
        await cache.EnsureAsync(Key, wrongSize, fetcher.Fetch, null, null, CancellationToken.None);
        var reports = new List<string>();

        var contains = cache.Contains(Key, wrongSize, reports.Add);

        Assert.IsEmpty(reports, string.Join("\n", reports));
        Assert.IsTrue(contains);
        Assert.IsTrue(File.Exists(cache.ObjectPath(Key)));
        Assert.IsFalse(await cache.EnsureAsync(Key, wrongSize, fetcher.Fetch, null, null, CancellationToken.None));
        Assert.AreEqual(1, fetcher.Calls);
    }

    [TestMethod]
    public async Task Materialize_WritesAWritableIndependentCopy()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        await cache.EnsureAsync(Key, Content.Length, new Fetcher(Content).Fetch, null, null, CancellationToken.None);
        var target = dir.Combine("repo/data/sub/file.bin");

        cache.Materialize(Key, target);

        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
        Assert.AreNotEqual(MachineCache.VerifiedStamp, File.GetLastWriteTimeUtc(target), "the copy does not carry the cache stamp");
        if (!OperatingSystem.IsWindows())
        {
            Assert.IsTrue(File.GetUnixFileMode(target).HasFlag(UnixFileMode.UserWrite));
        }

        Assert.IsEmpty(TempFiles(dir.Path));

        using (var fs = new FileStream(target, FileMode.Open, FileAccess.Write))
        {
            fs.Write("overwritten"u8);
        }

        File.AppendAllText(target, "more");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(cache.ObjectPath(Key)), "the cache object is untouched");
        Assert.AreEqual(MachineCache.VerifiedStamp, File.GetLastWriteTimeUtc(cache.ObjectPath(Key)));
        Assert.IsTrue(cache.Contains(Key, Content.Length));
    }

    [TestMethod]
    public async Task Materialize_ReplacesAnExistingFile()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        await cache.EnsureAsync(Key, Content.Length, new Fetcher(Content).Fetch, null, null, CancellationToken.None);
        var target = dir.Write("repo/x.bin", "old");

        cache.Materialize(Key, target);

        CollectionAssert.AreEqual(Content, File.ReadAllBytes(target));
        CollectionAssert.AreEqual(new[] { "x.bin" }, Directory.GetFiles(dir.Combine("repo")).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Materialize_MissingObject_ThrowsIoErrorAndLeavesNothing()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var target = dir.Combine("repo/x.bin");

        TestData.ThrowsCode(ErrorCodes.IoError, () => cache.Materialize(Key, target));

        Assert.IsFalse(File.Exists(target));
        Assert.IsEmpty(TempFiles(dir.Path));
    }
}
