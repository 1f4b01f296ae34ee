using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void WriteAllBytes_CreatesThenReplacesAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        var target = dir.Combine("t.bin");

        AtomicFile.WriteAllBytes(target, "first, longer content"u8);
        CollectionAssert.AreEqual("first, longer content"u8.ToArray(), File.ReadAllBytes(target));
        var inodeBefore = FileStat.TryGet(target)!.Value.FileId;

        AtomicFile.WriteAllBytes(target, "second"u8);

        CollectionAssert.AreEqual("second"u8.ToArray(), File.ReadAllBytes(target), "replaced, not overwritten in place (no tail of the old content)");
        CollectionAssert.AreEqual(new[] { "t.bin" }, dir.AllFiles());
        if (OperatingSystem.IsLinux())
        {
            Assert.AreNotEqual(inodeBefore, FileStat.TryGet(target)!.Value.FileId, "a new file was renamed over the old one");
        }
    }

    [TestMethod]
    public void WriteAllBytes_Empty_GivesEmptyFile()
    {
        using var dir = new TempDir();
        var target = dir.Write("t.bin", "old");
        AtomicFile.WriteAllBytes(target, ReadOnlySpan<byte>.Empty);
        Assert.AreEqual(0, new FileInfo(target).Length);
    }

    [TestMethod]
    public void WriteAllBytes_OldContentStaysReadableThroughAnOpenHandle()
    {
        using var dir = new TempDir();
        var target = dir.Write("t.bin", "old");
        using var reader = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        AtomicFile.WriteAllBytes(target, "new"u8);

        using var text = new StreamReader(reader);
        Assert.AreEqual("old", text.ReadToEnd(), "a reader never sees a mix of old and new");
        Assert.AreEqual("new", File.ReadAllText(target));
    }

    [TestMethod]
    public void WriteAllBytes_MissingFolder_ThrowsIoErrorAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        TestData.ThrowsCode(ErrorCodes.IoError, () => AtomicFile.WriteAllBytes(dir.Combine("no/such/t.bin"), "x"u8));
        Assert.IsEmpty(dir.AllFiles());
    }

    [TestMethod]
    public void WriteAllBytes_TargetIsADirectory_ThrowsIoErrorAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("t"));
        TestData.ThrowsCode(ErrorCodes.IoError, () => AtomicFile.WriteAllBytes(dir.Combine("t"), "x"u8));
        Assert.IsEmpty(dir.AllFiles());
        Assert.IsTrue(Directory.Exists(dir.Combine("t")));
    }

    [TestMethod]
    public void TempPathFor_IsHiddenUniqueInTheSameFolderAndRecognized()
    {
        using var dir = new TempDir();
        var target = dir.Combine("sub/name.json");

        var a = AtomicFile.TempPathFor(target);
        var b = AtomicFile.TempPathFor(target);

        Assert.AreNotEqual(a, b);
        Assert.AreEqual(Path.GetDirectoryName(target), Path.GetDirectoryName(a));
        Assert.StartsWith(".name.json.", Path.GetFileName(a));
        Assert.IsTrue(AtomicFile.IsTempName(Path.GetFileName(a)));
        var longName = new string('x', 300);
        var longTemp = Path.GetFileName(AtomicFile.TempPathFor(dir.Combine(longName)));
        Assert.IsLessThan(255, longTemp.Length, "stays within common file name limits");
        Assert.IsTrue(AtomicFile.IsTempName(longTemp));
    }

    [TestMethod]
    [DataRow(".a.json.0123456789ab.dtpart", true)]
    [DataRow(".x.dtpart", true)]
    [DataRow("a.json.0123456789ab.dtpart", false)]
    [DataRow(".a.json", false)]
    [DataRow(".a.dtpart.bak", false)]
    [DataRow(".a.DTPART", false)]
    [DataRow("", false)]
    [DataRow("data.bin", false)]
    public void IsTempName(string name, bool expected) => Assert.AreEqual(expected, AtomicFile.IsTempName(name));

    [TestMethod]
    public void TryDelete_MissingFileOrFolder_DoesNotThrow()
    {
        using var dir = new TempDir();
        AtomicFile.TryDelete(dir.Combine("missing"));
        AtomicFile.TryDelete(dir.Combine("no/such/folder/file"));
        var file = dir.Write("f", "x");
        AtomicFile.TryDelete(file);
        Assert.IsFalse(File.Exists(file));
    }

    [TestMethod]
    public async Task CleanStaleTemps_SweepsEveryStaleTempOfTheFolder_OncePerInterval()
    {
        using var dir = new TempDir();
        var mine = dir.Write(".x.bin.0123456789ab.dtpart", "killed writer of x");
        var other = dir.Write(".y.bin.ba9876543210.dtpart", "killed writer of y");
        var data = dir.Write("y.bin", "data");
        var notOurs = dir.Write("z.dtpart", "not a DataTasks temp name");
        await Task.Delay(50);

        AtomicFile.CleanStaleTemps(dir.Combine("x.bin"), TimeSpan.FromMilliseconds(1));

        Assert.IsFalse(File.Exists(mine));
        Assert.IsFalse(File.Exists(other), "a stale temp of another file in the folder is as dead");
        Assert.IsTrue(File.Exists(data));
        Assert.IsTrue(File.Exists(notOurs));

        // Within the interval the folder is not listed again (a pull of n files would read n² entries otherwise).
        var later = dir.Write(".w.bin.00000000000a.dtpart", "killed later");
        await Task.Delay(50);
        AtomicFile.CleanStaleTemps(dir.Combine("w.bin"), TimeSpan.FromMilliseconds(1));
        Assert.IsTrue(File.Exists(later));

        // A zero age (the caller holds the target's lock) still removes that target's own temp files at once.
        AtomicFile.CleanStaleTemps(dir.Combine("w.bin"), TimeSpan.Zero);
        Assert.IsFalse(File.Exists(later));
    }
}
