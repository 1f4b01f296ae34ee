using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

[TestClass]
public sealed class FileStatTests
{
    private static long ToNs(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [TestMethod]
    public void TryGet_RegularFile_GivesSizeAndTimes()
    {
        using var dir = new TempDir();
        var file = dir.Write("f.bin", TestBytes.Seeded(12_345, 1));
        var when = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, when);

        var stat = FileStat.TryGet(file);

        Assert.IsNotNull(stat);
        Assert.AreEqual(12_345, stat.Value.Size);
        Assert.AreEqual(ToNs(when), stat.Value.MTimeNs);
        Assert.IsGreaterThanOrEqualTo(stat.Value.MTimeNs, stat.Value.CTimeNs, "ctime is when the mtime was set, after 2021");
    }

    [TestMethod]
    public void TryGet_HasSubMillisecondMtimeResolution()
    {
        using var dir = new TempDir();
        var a = dir.Write("a", "a");
        var b = dir.Write("b", "b");
        var baseTime = new DateTime(2022, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var timeA = baseTime.AddTicks(1_234_567); // 123.4567 ms
        var timeB = timeA.AddTicks(1);            // 100 ns later
        File.SetLastWriteTimeUtc(a, timeA);
        File.SetLastWriteTimeUtc(b, timeB);

        var statA = FileStat.TryGet(a)!.Value;
        var statB = FileStat.TryGet(b)!.Value;

        Assert.AreEqual(ToNs(timeA), statA.MTimeNs);
        Assert.AreEqual(123_456_700, statA.MTimeNs % 1_000_000_000);
        Assert.AreEqual(100, statB.MTimeNs - statA.MTimeNs);
    }

    [TestMethod]
    public void TryGet_OnLinux_InodeDiffersBetweenFilesAndSurvivesRename()
    {
        using var dir = new TempDir();
        var a = dir.Write("a", "same");
        var b = dir.Write("b", "same");

        var statA = FileStat.TryGet(a)!.Value;
        var statB = FileStat.TryGet(b)!.Value;
        var moved = dir.Combine("sub/moved");
        Directory.CreateDirectory(dir.Combine("sub"));
        File.Move(a, moved);
        var statMoved = FileStat.TryGet(moved)!.Value;

        if (OperatingSystem.IsLinux())
        {
            Assert.AreNotEqual(0UL, statA.FileId, "statx gives the inode on Linux");
            Assert.AreNotEqual(statA.FileId, statB.FileId);
            Assert.AreEqual(statA.FileId, statMoved.FileId);
            Assert.AreEqual(statA.MTimeNs, statMoved.MTimeNs);
        }
        else
        {
            Assert.AreEqual(statA.Size, statMoved.Size);
        }

        Assert.IsNull(FileStat.TryGet(a), "the old name is gone");
    }

    [TestMethod]
    public void TryGet_MissingFileOrDirectory_IsNull()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("d"));

        Assert.IsNull(FileStat.TryGet(dir.Combine("missing")));
        Assert.IsNull(FileStat.TryGet(dir.Combine("missing/below")));
        Assert.IsNull(FileStat.TryGet(dir.Combine("d")));
        Assert.IsNull(FileStat.TryGet(dir.Path));
    }

    [TestMethod]
    public void TryGet_NonAsciiPath_Works()
    {
        using var dir = new TempDir();
        var file = dir.Write("ümlaut/データ 😀.bin", "x");
        Assert.AreEqual(1, FileStat.TryGet(file)!.Value.Size);
    }

    [TestMethod]
    public void TryGet_SameFileTwice_IsEqual()
    {
        using var dir = new TempDir();
        var file = dir.Write("f", "x");
        Assert.AreEqual(FileStat.TryGet(file), FileStat.TryGet(file));
    }

    [TestMethod]
    public void TryGet_SymbolicLinkToFile_IsTheTargetsStat_LinkToDirectoryIsNull()
    {
        using var dir = new TempDir();
        var target = dir.Write("target", "12345");
        var link = dir.Combine("link");
        File.CreateSymbolicLink(link, target);
        Directory.CreateDirectory(dir.Combine("d"));
        var dirLink = dir.Combine("dlink");
        Directory.CreateSymbolicLink(dirLink, dir.Combine("d"));

        Assert.AreEqual(5, FileStat.TryGet(link)!.Value.Size);
        Assert.IsNull(FileStat.TryGet(dirLink));
    }
}
