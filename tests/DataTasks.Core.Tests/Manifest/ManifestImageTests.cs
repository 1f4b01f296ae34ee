using System.Text;
using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>
/// A manifest in the writer's canonical form is read as an image (scanned, entries read when asked for, changes spliced
/// into the bytes): every answer and every byte written must be what the full reader and writer give.
/// </summary>
[TestClass]
public sealed class ManifestImageTests
{
    private static readonly DateTimeOffset Created = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static ManifestEntry Entry(string path, string? key = null, long size = 1) =>
        new() { Path = path, StorageKey = key, Size = size, CreatedAt = Created };

    private static string Key(int i) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))).ToLowerInvariant();

    /// <summary>Canonical bytes, written by the full writer itself.</summary>
    private static byte[] Canonical(params ManifestEntry[] entries)
    {
        var manifest = new DataManifest();
        foreach (var e in entries)
        {
            manifest.Set(e);
        }

        return manifest.SerializeUtf8().ToArray();
    }

    private static ManifestEntry[] Sample(int count) =>
        Enumerable.Range(0, count).Select(i => Entry($"data/d{i / 100:D2}/f{i % 100:D3}.bin", i % 3 == 0 ? null : Key(i), i * 7L)).ToArray();

    private static DataManifest Image(byte[] bytes)
    {
        var manifest = ManifestReader.Parse(bytes, "artifacts.json");
        Assert.IsTrue(manifest.IsImage, "a canonical file is read as an image");
        return manifest;
    }

    private static DataManifest Full(byte[] bytes) => DataManifest.Parse(bytes.AsSpan());

    [TestMethod]
    public void CanonicalFile_IsAnImage_WithTheEntriesTheFullReaderReads()
    {
        var bytes = Canonical(Sample(500));
        var image = Image(bytes);
        var full = Full(bytes);
        Assert.IsFalse(full.IsImage);
        Assert.AreEqual(full.Count, image.Count);
        Assert.IsTrue(image.TryGet("data/d03/f042.bin", out var one));
        Assert.IsTrue(full.TryGet("data/d03/f042.bin", out var same));
        Assert.AreEqual(same, one);
        Assert.IsFalse(image.TryGet("data/d03/f042.bi", out _));
        Assert.IsFalse(image.TryGet("data/d03/f042.bin/x", out _));
        CollectionAssert.AreEqual(full.Entries.ToList(), image.Entries.ToList());
        CollectionAssert.AreEqual(bytes, image.SerializeUtf8().ToArray());
    }

    [TestMethod]
    [DataRow("a-first.bin")]
    [DataRow("data/d02/f050.bin")]
    [DataRow("data/d02/f050.bin0")]
    [DataRow("data/d02/f050.bim")]
    [DataRow("zz/last.bin")]
    [DataRow("data/é/non-ascii.bin")]
    public void Set_NewOrChangedEntry_SplicesWhatTheWriterWrites(string path)
    {
        var bytes = Canonical(Sample(300));
        var image = Image(bytes);
        var full = Full(bytes);
        var annotated = Entry("data/d00/f000.bin", Key(1), 3) with { Description = "with \"metadata\"", Tags = ["a", "b"] };
        foreach (var m in new[] { image, full })
        {
            m.Set(Entry(path, Key(9), 40));
            m.Set(Entry("data/d01/f001.bin", null, 2));
            m.Set(annotated);
            Assert.IsTrue(m.Remove("data/d02/f099.bin"));
            Assert.IsFalse(m.Remove("data/none"));
        }

        Assert.AreEqual(full.Count, image.Count);
        Assert.IsNull(image.FindPathConflict());
        CollectionAssert.AreEqual(full.SerializeUtf8().ToArray(), image.SerializeUtf8().ToArray());
        CollectionAssert.AreEqual(full.Entries.ToList(), image.Entries.ToList());
    }

    [TestMethod]
    public void RemovingEveryEntry_WritesAnEmptyManifest()
    {
        var bytes = Canonical(Entry("a"), Entry("b/c", Key(1)));
        var image = Image(bytes);
        image.Remove("a");
        image.Remove("b/c");
        Assert.AreEqual(0, image.Count);
        CollectionAssert.AreEqual(new DataManifest().SerializeUtf8().ToArray(), image.SerializeUtf8().ToArray());
    }

    [TestMethod]
    public void Clone_AndHasSameContent_TellAnUndoneChangeFromARealOne()
    {
        var image = Image(Canonical(Sample(50)));
        var copy = image.Clone();
        Assert.IsTrue(copy.IsImage);
        Assert.IsTrue(copy.TryGet("data/d00/f010.bin", out var old));
        copy.Set(old with { Size = 99 });
        Assert.IsFalse(copy.HasSameContent(image));
        Assert.IsFalse(image.TryGet("data/d00/f010.bin", out var mine) && mine.Size == 99, "the original is untouched");
        copy.Set(old);
        Assert.IsTrue(copy.HasSameContent(image));
        copy.Set(Entry("new"));
        Assert.IsFalse(copy.HasSameContent(image));
        Assert.AreEqual(image.Count + 1, copy.Count);
    }

    [TestMethod]
    [DataRow("data/d00/f001.bin/below")]
    [DataRow("data/d00")]
    [DataRow("data")]
    public void Set_PathThatIsAFileAndAFolder_IsFoundAsTheFullWriterFindsIt(string path)
    {
        var bytes = Canonical(Sample(20));
        var image = Image(bytes);
        var full = Full(bytes);
        image.Set(Entry(path));
        full.Set(Entry(path));
        var conflict = image.FindPathConflict();
        Assert.IsNotNull(conflict);
        Assert.AreEqual(full.FindPathConflict(), conflict);
    }

    [TestMethod]
    public void Set_FolderWhoseOnlyChildWasRemoved_IsNoConflict()
    {
        var image = Image(Canonical(Entry("data/x/y"), Entry("other")));
        image.Remove("data/x/y");
        image.Set(Entry("data/x"));
        Assert.IsNull(image.FindPathConflict());
    }

    [TestMethod]
    public void ReplaceExtraTopLevel_LeavesTheImage_AndIsWritten()
    {
        var image = Image(Canonical(Sample(5)));
        image.ReplaceExtraTopLevel([new("x_top", System.Text.Json.Nodes.JsonValue.Create(1))]);
        Assert.IsFalse(image.IsImage);
        StringAssert.Contains(image.Serialize(), "\"x_top\": 1");
        Assert.AreEqual(5, image.Count);
    }

    [TestMethod]
    [DataRow("not sorted")]
    [DataRow("duplicate")]
    [DataRow("file and folder")]
    [DataRow("bad path")]
    [DataRow("bad key")]
    [DataRow("leading zero size")]
    [DataRow("bad date")]
    [DataRow("escape in path")]
    [DataRow("extra field")]
    [DataRow("crlf")]
    [DataRow("trailing text")]
    public void NonCanonicalOrInvalidText_IsLeftToTheFullReader(string variant)
    {
        var bytes = Canonical(Entry("a/b", Key(1)), Entry("c/d", null, 10), Entry("e", Key(2)));
        var text = Encoding.UTF8.GetString(bytes);
        text = variant switch
        {
            "not sorted" => text.Replace("\"a/b\"", "\"x/b\""),
            "duplicate" => text.Replace("\"a/b\"", "\"c/d\""),
            "file and folder" => text.Replace("\"e\"", "\"c/d/e\""),
            "bad path" => text.Replace("\"a/b\"", "\"a/.git\""),
            "bad key" => text.Replace(Key(1), Key(1).ToUpperInvariant()),
            "leading zero size" => text.Replace("\"size\": 10", "\"size\": 010"),
            "bad date" => text.Replace("2024-01-02", "2024-02-30"),
            "escape in path" => text.Replace("\"a/b\"", "\"a/\\u0062\""),
            "extra field" => text.Replace("\"size\": 10,", "\"size\": 10,\n      \"x\": 1,"),
            "crlf" => text.Replace("\n", "\r\n"),
            "trailing text" => text + "{}",
            _ => throw new ArgumentException(variant),
        };
        var changed = Encoding.UTF8.GetBytes(text);
        DataManifest? full = null;
        DataTasksException? fullError = null;
        try
        {
            full = Full(changed);
        }
        catch (DataTasksException ex)
        {
            fullError = ex;
        }

        if (fullError is not null)
        {
            var ex = TestData.ThrowsCode(fullError.Code, () => ManifestReader.Parse(changed, "artifacts.json"));
            Assert.AreEqual(fullError.Message, ex.Message);
            return;
        }

        var read = ManifestReader.Parse(changed, "artifacts.json");
        Assert.IsFalse(read.IsImage, variant);
        CollectionAssert.AreEqual(full!.SerializeUtf8().ToArray(), read.SerializeUtf8().ToArray());
    }

    [TestMethod]
    public async Task ManifestUpdate_OnACanonicalFile_WritesWhatTheFullWriterWrites()
    {
        using var dir = new TempDir();
        var bytes = Canonical(Sample(1000));
        var file = dir.Write("artifacts.json", Encoding.UTF8.GetString(bytes));
        var repository = DataRepository.At(dir.Path);
        Assert.IsTrue(repository.LoadManifest().IsImage);
        await ManifestUpdate.ApplyAsync(repository, m => m.Set(Entry("data/d05/new.bin", null, 5)), CancellationToken.None);
        var expected = Full(bytes);
        expected.Set(Entry("data/d05/new.bin", null, 5));
        CollectionAssert.AreEqual(expected.SerializeUtf8().ToArray(), File.ReadAllBytes(file));
        Assert.IsTrue(repository.LoadManifest().IsImage, "the spliced file is canonical again");
    }
}
