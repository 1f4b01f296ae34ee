using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 3: the manifest as written is deterministic, keeps unknown fields, and has the documented field formats.</summary>
[TestClass]
public sealed partial class ManifestFormatTests
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex IsoUtc();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex LowerHex64();

    private static readonly string[] UnsortedPaths = ["data/b.bin", "data/ä.bin", "data/a/x.bin", "data/B.bin", "data/a.bin", "data/a-b.bin", "Z.bin"];

    [TestMethod]
    public async Task Manifest_IsSortedOrdinally_TwoSpaceIndented_LfOnly_FinalNewline_NoBom()
    {
        using var repo = await TempRepo.CreateAsync();
        var seed = 0;
        foreach (var p in UnsortedPaths)
        {
            repo.WriteRandom(p, 10 + seed, seed++);
        }

        // Added one by one in a scrambled order.
        foreach (var p in UnsortedPaths)
        {
            await repo.RunOkAsync("add", p);
        }

        foreach (var stage in new[] { "after add", "after push" })
        {
            if (stage == "after push")
            {
                await repo.RunOkAsync("push");
            }

            var bytes = File.ReadAllBytes(repo.ManifestPath);
            Assert.IsFalse(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{stage}: BOM");
            var text = Encoding.UTF8.GetString(bytes);
            Assert.IsFalse(text.Contains('\r'), $"{stage}: CR in manifest");
            Assert.IsTrue(text.EndsWith("}\n", StringComparison.Ordinal) && !text.EndsWith("\n\n", StringComparison.Ordinal), $"{stage}: exactly one final newline");

            var keys = repo.Entries.Select(e => e.Key).ToList();
            CollectionAssert.AreEqual(UnsortedPaths.Order(StringComparer.Ordinal).ToList(), keys, $"{stage}: entries in ordinal order");

            // The exact expected text: 2-space indentation, fixed field order.
            var expected = new StringBuilder("{\n  \"version\": 2,\n  \"entries\": {\n");
            var sorted = UnsortedPaths.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                var e = repo.Entries[sorted[i]]!.AsObject();
                var key = e["storage_key"]?.GetValue<string>();
                expected.Append("    \"").Append(sorted[i]).Append("\": {\n")
                    .Append("      \"storage_key\": ").Append(key is null ? "null" : $"\"{key}\"").Append(",\n")
                    .Append("      \"size\": ").Append(e["size"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)).Append(",\n")
                    .Append("      \"created_at\": \"").Append(e["created_at"]!.GetValue<string>()).Append("\"\n")
                    .Append("    }").Append(i < sorted.Count - 1 ? ",\n" : "\n");
            }

            expected.Append("  }\n}\n");
            Assert.AreEqual(expected.ToString(), text, stage);
        }
    }

    [TestMethod]
    public async Task Manifest_IsByteIdentical_WhateverTheAddOrder()
    {
        async Task<string> Build(IEnumerable<string> order)
        {
            using var repo = await TempRepo.CreateAsync();
            var seed = 0;
            foreach (var p in UnsortedPaths)
            {
                repo.WriteRandom(p, 100, seed++);
            }

            foreach (var p in order)
            {
                await repo.RunOkAsync("add", p);
            }

            await repo.RunOkAsync("push");
            return Regex.Replace(repo.ManifestText, "\"created_at\": \"[^\"]*\"", "\"created_at\": \"T\"");
        }

        var a = await Build(UnsortedPaths);
        var b = await Build(UnsortedPaths.Reverse());
        Assert.AreEqual(a, b);
    }

    [TestMethod]
    public async Task Manifest_FieldFormats_CreatedAtIsoUtc_KeyNullAfterAdd_HexAfterPush()
    {
        using var repo = await TempRepo.CreateAsync();
        var content = repo.WriteRandom("data/x.bin", 1234, 1);
        await repo.RunOkAsync("add", "data/x.bin");

        var entry = repo.Entries["data/x.bin"]!.AsObject();
        Assert.IsTrue(entry.ContainsKey("storage_key"), "storage_key is written explicitly");
        Assert.IsNull(entry["storage_key"], "storage_key is null after add");
        Assert.AreEqual(1234L, entry["size"]!.GetValue<long>());
        var created = entry["created_at"]!.GetValue<string>();
        Assert.IsTrue(IsoUtc().IsMatch(created), created);
        var parsed = DateTimeOffset.Parse(created, CultureInfo.InvariantCulture);
        Assert.AreEqual(TimeSpan.Zero, parsed.Offset);
        Assert.IsTrue(Math.Abs((DateTimeOffset.UtcNow - parsed).TotalDays) < 1, $"created_at {created} is not the current UTC date");

        await repo.RunOkAsync("push");
        var key = repo.StorageKey("data/x.bin")!;
        Assert.IsTrue(LowerHex64().IsMatch(key), key);
        Assert.AreEqual(TestHash.Sha256(content), key);
        Assert.AreEqual(created, repo.Entries["data/x.bin"]!["created_at"]!.GetValue<string>(), "push keeps created_at");
    }

    [TestMethod]
    public async Task Manifest_UnknownFields_TopLevelAndPerEntry_SurviveAddAndPush()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        repo.WriteRandom("data/b.bin", 100, 2);
        await repo.RunOkAsync("add", "data/a.bin", "data/b.bin");

        var manifest = repo.Manifest;
        var topExtra = JsonNode.Parse("""{"tool": "future", "list": [1, 2.5, "s", null, true], "nested": {"k": {"deep": 1}}}""")!;
        var entryExtra = JsonNode.Parse("""{"license": "CC-BY-4.0", "tags": ["x", "y"], "stats": {"rows": 12}}""")!;
        manifest["x_top"] = topExtra.DeepClone();
        manifest["x_null"] = null;
        manifest["entries"]!["data/a.bin"]!["x_meta"] = entryExtra.DeepClone();
        manifest["entries"]!["data/b.bin"]!["x_note"] = "keep me";
        File.WriteAllText(repo.ManifestPath, manifest.ToJsonString() + "\n");

        // add of a new file, re-add of a modified tracked file, then push: each rewrites the manifest.
        repo.WriteRandom("data/c.bin", 100, 3);
        repo.WriteRandom("data/a.bin", 200, 4);
        await repo.RunOkAsync("add", "data/c.bin", "data/a.bin");
        AssertExtras("after add");
        await repo.RunOkAsync("push");
        AssertExtras("after push");
        Assert.IsNotNull(repo.StorageKey("data/a.bin"));

        void AssertExtras(string stage)
        {
            var m = repo.Manifest;
            Assert.IsTrue(JsonNode.DeepEquals(topExtra, m["x_top"]), $"{stage}: top-level field lost or changed:\n{repo.ManifestText}");
            Assert.IsTrue(m.ContainsKey("x_null") && m["x_null"] is null, $"{stage}: top-level null field lost:\n{repo.ManifestText}");
            Assert.IsTrue(JsonNode.DeepEquals(entryExtra, m["entries"]!["data/a.bin"]!["x_meta"]), $"{stage}: entry field lost:\n{repo.ManifestText}");
            Assert.AreEqual("keep me", m["entries"]!["data/b.bin"]!["x_note"]?.GetValue<string>(), $"{stage}: entry field lost:\n{repo.ManifestText}");
        }
    }
}
