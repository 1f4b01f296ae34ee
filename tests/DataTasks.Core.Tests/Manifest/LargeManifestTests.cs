using System.Security.Cryptography;
using System.Text;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>
/// The reader and writer at scale (issue 15): a 100,000-entry manifest round-trips byte for byte, the read-modify-write
/// reuses an earlier parse only while the file is unchanged, and the shortcuts taken for speed keep the rules.
/// </summary>
[TestClass]
public sealed class LargeManifestTests
{
    private static string Entry(string path, string? key = null) =>
        "\"" + path + "\": {\"storage_key\": " + (key is null ? "null" : "\"" + key + "\"") + ", \"size\": 1, \"created_at\": \"2024-01-02T03:04:05Z\"}";

    /// <summary>The canonical text, built by hand as bench/scale.sh's generator writes it, with extra fields and null keys mixed in.</summary>
    private static string CanonicalText(int count)
    {
        var text = new StringBuilder("{\n  \"version\": 2,\n  \"entries\": {\n");
        for (var i = 0; i < count; i++)
        {
            var path = $"data/d{i / 10000:D2}/s{i / 100 % 100:D2}/f{i % 100:D3}.bin";
            var key = i % 7 == 0 ? "null" : "\"" + Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(i))).ToLowerInvariant() + "\"";
            text.Append("    \"").Append(path).Append("\": {\n")
                .Append("      \"storage_key\": ").Append(key).Append(",\n")
                .Append("      \"size\": ").Append(i * 13L).Append(",\n")
                .Append("      \"created_at\": \"").Append(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i * 997L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")).Append('"');
            if (i % 1000 == 0)
            {
                text.Append(",\n      \"x_note\": {\n        \"tags\": [\n          \"a\\\"b\",\n          1.5e3\n        ]\n      }");
            }

            text.Append("\n    }").Append(i < count - 1 ? "," : "").Append('\n');
        }

        return text.Append("  },\n  \"x_top\": [\n    true,\n    null\n  ]\n}\n").ToString();
    }

    [TestMethod]
    public void Parse_ThenSerialize_100000Entries_ReproducesTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes(CanonicalText(100_000));
        var manifest = DataManifest.Parse(bytes);
        Assert.AreEqual(100_000, manifest.Count);
        CollectionAssert.AreEqual(bytes, manifest.SerializeUtf8().ToArray());
        Assert.AreEqual(Encoding.UTF8.GetString(bytes), manifest.Serialize());
        Assert.IsTrue(manifest.TryGet("data/d09/s99/f099.bin", out var last));
        Assert.AreEqual(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(99_999 * 997L), last.CreatedAt);
    }

    [TestMethod]
    public void Save_100000Entries_WritesTheSameBytesItRead()
    {
        using var dir = new TempDir();
        var text = CanonicalText(100_000);
        var file = dir.Write("artifacts.json", text);
        DataManifest.Load(file).Save(file);
        Assert.AreEqual(text, File.ReadAllText(file));
    }

    [TestMethod]
    [DataRow("2024-02-29T23:59:59Z", true)]
    [DataRow("2023-02-29T00:00:00Z", false)]
    [DataRow("2024-13-01T00:00:00Z", false)]
    [DataRow("2024-01-01T24:00:00Z", false)]
    [DataRow("2024-01-01T00:60:00Z", false)]
    [DataRow("0000-01-01T00:00:00Z", false)]
    [DataRow("2024-01-01T10:00:00+02:00", true)]
    public void Parse_CreatedAt_AcceptsWhatTheGeneralParserAccepts(string createdAt, bool valid)
    {
        var text = "{\"version\": 2, \"entries\": {\"a\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"" + createdAt + "\"}}}";
        if (valid)
        {
            Assert.IsTrue(DataManifest.Parse(text).TryGet("a", out var entry));
            Assert.AreEqual(DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), entry.CreatedAt);
        }
        else
        {
            TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse(text));
        }
    }

    [TestMethod]
    public void Parse_ConflictBehindFoldersAlreadyChecked_IsStillFound()
    {
        // The conflict check skips the folders of a path whose parent folder was just checked; a new parent is checked in full.
        var text = "{\"version\": 2, \"entries\": {" + Entry("a/b/c/1") + ", " + Entry("a/b/c/2") + ", " + Entry("a/b/d/1") + ", " + Entry("a/b/c") + "}}";
        TestData.ThrowsCode(ErrorCodes.ManifestPathConflict, () => DataManifest.Parse(text));
        var reversed = "{\"version\": 2, \"entries\": {" + Entry("a/b") + ", " + Entry("a/b/c/1") + ", " + Entry("a/b/c/2") + "}}";
        TestData.ThrowsCode(ErrorCodes.ManifestPathConflict, () => DataManifest.Parse(reversed));
    }

    [TestMethod]
    public async Task ApplyAsync_AfterAnotherWriterChangedTheFile_KeepsTheirEntry()
    {
        // The update reuses the caller's parse only while the file holds the same bytes: here it does not.
        using var dir = new TempDir();
        var file = dir.Write("artifacts.json", "{\"version\": 2, \"entries\": {" + Entry("data/a") + "}}");
        var repository = DataRepository.At(dir.Path);
        Assert.AreEqual(1, repository.LoadManifest().Count);
        File.WriteAllText(file, "{\"version\": 2, \"entries\": {" + Entry("data/a") + ", " + Entry("data/theirs") + "}}");

        var saved = await ManifestUpdate.ApplyAsync(repository, m => m.Set(new ManifestEntry { Path = "data/mine", Size = 2, CreatedAt = DateTimeOffset.UnixEpoch }), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "data/a", "data/mine", "data/theirs" }, DataManifest.Load(file).Entries.Select(e => e.Path).ToArray());
        Assert.AreEqual(3, saved.Count);
    }

    [TestMethod]
    public async Task ApplyAsync_OnTheCallersUnchangedParse_DoesNotChangeTheCallersObject()
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", "{\"version\": 2, \"entries\": {" + Entry("data/a") + "}}");
        var repository = DataRepository.At(dir.Path);
        var mine = repository.LoadManifest();

        await ManifestUpdate.ApplyAsync(repository, m => m.Remove("data/a"), CancellationToken.None);
        await ManifestUpdate.ApplyAsync(repository, m => m.Set(new ManifestEntry { Path = "data/b", Size = 2, CreatedAt = DateTimeOffset.UnixEpoch }), CancellationToken.None);

        Assert.IsTrue(mine.TryGet("data/a", out _), "the caller's manifest is its own");
        CollectionAssert.AreEqual(new[] { "data/b" }, repository.LoadManifest().Entries.Select(e => e.Path).ToArray());
    }

    [TestMethod]
    public async Task ApplyAsync_ThatChangesNothing_LeavesAHandFormattedFileAlone_AndARealChangeWritesItCanonically()
    {
        using var dir = new TempDir();
        var handWritten = "{\"version\":2,\"entries\":{" + Entry("data/a") + "}}";
        var file = dir.Write("artifacts.json", handWritten);
        var repository = DataRepository.At(dir.Path);
        var entry = repository.LoadManifest().Entries.Single();

        await ManifestUpdate.ApplyAsync(repository, m => m.Set(entry with { }), CancellationToken.None);
        await ManifestUpdate.ApplyAsync(repository, m =>
        {
            m.Remove("data/a");
            m.Set(entry);
        }, CancellationToken.None);
        Assert.AreEqual(handWritten, File.ReadAllText(file));

        await ManifestUpdate.ApplyAsync(repository, m => m.Set(entry with { Size = 5 }), CancellationToken.None);
        Assert.AreEqual(DataManifest.Load(file).Serialize(), File.ReadAllText(file));
        StringAssert.Contains(File.ReadAllText(file), "\"size\": 5");
    }

    [TestMethod]
    public void AddWantedKeysIn_FindsWhatAddKeysInFinds()
    {
        var k1 = new string('a', 64);
        var k2 = new string('b', 63) + "c";
        var k3 = new string('d', 64);
        var text = "{\"x\": \"" + k1 + "\", \"y\": \"" + new string('0', 10) + k2 + "\", \"z\": \"" + k2 + "\"}" + k3;
        var all = new HashSet<string>(StringComparer.Ordinal);
        ReferencedKeys.AddKeysIn(Encoding.UTF8.GetBytes(text), all);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        ReferencedKeys.AddWantedKeysIn(Encoding.UTF8.GetBytes(text), new[] { k1, k2, k3, new string('e', 64) }.Select(Encoding.ASCII.GetBytes).ToList(), wanted);
        CollectionAssert.AreEquivalent(all.ToArray(), wanted.ToArray());

        // Inside a longer hex run a key is not a key.
        var inside = new HashSet<string>(StringComparer.Ordinal);
        ReferencedKeys.AddWantedKeysIn(Encoding.UTF8.GetBytes("f" + k1 + " " + k1 + "0"), [Encoding.ASCII.GetBytes(k1)], inside);
        Assert.AreEqual(0, inside.Count);
    }
}
