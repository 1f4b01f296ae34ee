using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>Materialising never copies a rotted cache object, and temp files carrying an old mtime are not swept while fresh.</summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MaterializeSafetyTests
{
    private static readonly byte[] Content = TestBytes.Seeded(300_000, 7);
    private static readonly string Key = TestHash.Sha256(Content);

    private static async Task WriteContent(Stream destination, CancellationToken cancellationToken) => await destination.WriteAsync(Content, cancellationToken);

    [TestMethod]
    public async Task Materialize_OfAnObjectThatRottedBehindItsStamp_IsDT0301_QuarantinesIt_AndWritesNothing()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        await cache.EnsureAsync(Key, Content.Length, WriteContent, null, null, CancellationToken.None);
        var path = cache.ObjectPath(Key);
        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, mode | UnixFileMode.UserWrite);
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            fs.Position = 5;
            fs.WriteByte((byte)~Content[5]);
        }

        File.SetLastWriteTimeUtc(path, MachineCache.VerifiedStamp);
        File.SetUnixFileMode(path, mode);
        Assert.IsTrue(cache.Contains(Key, Content.Length), "size and stamp are intact, so the cheap check trusts it");

        var target = dir.Combine("repo/x.bin");
        TestData.ThrowsCode(ErrorCodes.ObjectCorrupt, () => cache.Materialize(Key, target));
        Assert.IsFalse(File.Exists(target));
        Assert.IsFalse(File.Exists(path), "the rotted object is quarantined");
        Assert.HasCount(1, Directory.GetFiles(dir.Combine("cache/quarantine")));
    }

    [TestMethod]
    public void CleanStaleTemps_KeepsATempFileWithAnOldMtimeButAFreshCtime()
    {
        // File.Copy gives its copy the source's mtime: a copy of a cache object starts life looking 26 years idle.
        using var dir = new TempDir();
        var target = dir.Combine("data/x.bin");
        Directory.CreateDirectory(dir.Combine("data"));
        var temp = AtomicFile.TempPathFor(target);
        File.WriteAllBytes(temp, Content);
        File.SetLastWriteTimeUtc(temp, MachineCache.VerifiedStamp);

        AtomicFile.CleanStaleTemps(target, TimeSpan.FromMinutes(10));
        Assert.IsTrue(File.Exists(temp), "a temp file that changed just now is not stale, whatever its mtime says");
    }
}
