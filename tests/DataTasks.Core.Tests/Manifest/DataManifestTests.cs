using System.Text;
using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

[TestClass]
public sealed class DataManifestTests
{
    private const string KeyA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string KeyB = TestData.AbcKey;

    /// <summary>A manifest already in canonical form: parsing and serializing it must give back the same text.</summary>
    private const string Canonical =
        "{\n" +
        "  \"version\": 2,\n" +
        "  \"entries\": {\n" +
        "    \"data/a.bin\": {\n" +
        "      \"storage_key\": \"" + KeyA + "\",\n" +
        "      \"size\": 0,\n" +
        "      \"created_at\": \"2024-01-02T03:04:05Z\"\n" +
        "    },\n" +
        "    \"data/b.bin\": {\n" +
        "      \"storage_key\": null,\n" +
        "      \"size\": 3,\n" +
        "      \"created_at\": \"2024-06-07T08:09:10Z\"\n" +
        "    }\n" +
        "  }\n" +
        "}\n";

    private static ManifestEntry Entry(string path, string? key = KeyA, long size = 1) => new()
    {
        Path = path,
        StorageKey = key,
        Size = size,
        CreatedAt = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    /// <summary>Builds manifest JSON with one entry whose fields are given as a JSON object.</summary>
    private static string WithEntry(string path, JsonObject entry) =>
        new JsonObject { ["version"] = 2, ["entries"] = new JsonObject { [path] = entry } }.ToJsonString();

    private static JsonObject ValidEntry() => new()
    {
        ["storage_key"] = KeyA,
        ["size"] = 1,
        ["created_at"] = "2024-01-02T03:04:05Z",
    };

    [TestMethod]
    public void ParseThenSerialize_CanonicalText_IsUnchanged()
    {
        var manifest = DataManifest.Parse(Canonical);

        Assert.AreEqual(2, manifest.Count);
        Assert.IsTrue(manifest.TryGet("data/a.bin", out var a));
        Assert.AreEqual(KeyA, a.StorageKey);
        Assert.AreEqual(0, a.Size);
        Assert.AreEqual(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), a.CreatedAt);
        Assert.IsTrue(manifest.TryGet("data/b.bin", out var b));
        Assert.IsNull(b.StorageKey);
        Assert.IsNull(b.ShortKey);
        Assert.AreEqual(3, b.Size);
        Assert.AreEqual(Canonical, manifest.Serialize());
    }

    [TestMethod]
    public void Serialize_NonCanonicalInput_IsNormalizedAndStable()
    {
        var messy = "{\"entries\":{\"z\":{\"created_at\":\"2024-01-02T05:04:05+02:00\",\"size\":1,\"storage_key\":\"" + KeyA + "\"}," +
                    "\"a\":{\"size\":2,\"storage_key\":null,\"created_at\":\"2024-01-02T03:04:05.987Z\"}},\r\n\"version\":2}";

        var once = DataManifest.Parse(messy).Serialize();
        var twice = DataManifest.Parse(once).Serialize();

        Assert.AreEqual(once, twice);
        var lines = once.Split('\n');
        Assert.AreEqual("{", lines[0]);
        Assert.AreEqual("  \"version\": 2,", lines[1]);
        Assert.AreEqual("  \"entries\": {", lines[2]);
        Assert.AreEqual("    \"a\": {", lines[3]);
        Assert.Contains("\"created_at\": \"2024-01-02T03:04:05Z\"\n    },\n    \"z\"", once, "fractional seconds are dropped");
        Assert.Contains("\"created_at\": \"2024-01-02T03:04:05Z\"\n    }\n  }", once, "an offset is converted to UTC");
        Assert.IsLessThan(once.IndexOf("\"z\"", StringComparison.Ordinal), once.IndexOf("\"a\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Serialize_IsOrdinalOrderedWhateverTheInsertionOrder()
    {
        string[] paths = ["b/x", "a", "B", "ä.bin", "a/b", "a.b", "Z", "_x", "a b", "a-b"];
        var forward = new DataManifest();
        foreach (var p in paths)
        {
            forward.Set(Entry(p));
        }

        var backward = new DataManifest();
        foreach (var p in paths.Reverse())
        {
            backward.Set(Entry(p));
        }

        var text = forward.Serialize();
        Assert.AreEqual(text, backward.Serialize());

        var expectedOrder = paths.Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expectedOrder, forward.Entries.Select(e => e.Path).ToArray());
        var written = JsonNode.Parse(text)!["entries"]!.AsObject().Select(p => p.Key).ToArray();
        CollectionAssert.AreEqual(expectedOrder, written);
        // Spot-check the ordinal (not culture) order: uppercase before lowercase, non-ASCII last.
        CollectionAssert.AreEqual(new[] { "B", "Z", "_x", "a", "a b", "a-b", "a.b", "a/b", "b/x", "ä.bin" }, expectedOrder);
    }

    [TestMethod]
    public void Serialize_Format_TwoSpaceIndentLfFinalNewlineVersionFirst()
    {
        var manifest = new DataManifest();
        manifest.Set(Entry("data/x.bin"));
        var text = manifest.Serialize();

        Assert.DoesNotContain("\r", text);
        Assert.IsTrue(text.EndsWith("}\n", StringComparison.Ordinal));
        Assert.IsFalse(text.EndsWith("\n\n", StringComparison.Ordinal));
        Assert.IsTrue(text.StartsWith("{\n  \"version\": 2,\n  \"entries\": {\n    \"data/x.bin\": {\n      \"storage_key\": ", StringComparison.Ordinal), text);
        Assert.DoesNotContain("\t", text);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            Assert.AreEqual(0, indent % 2, $"odd indent in '{line}'");
        }
    }

    [TestMethod]
    public void Save_WritesUtf8WithoutBomAndRawNonAsciiAtomically()
    {
        using var dir = new TempDir();
        var file = dir.Write("artifacts.json", "old content that is much longer than nothing");
        var manifest = new DataManifest();
        manifest.Set(Entry("data/ümlaut.bin"));

        manifest.Save(file);

        var bytes = File.ReadAllBytes(file);
        Assert.AreEqual((byte)'{', bytes[0], "no BOM");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.AreEqual(manifest.Serialize(), text);
        Assert.Contains("\"data/ümlaut.bin\"", text, "non-ASCII is written as is, not \\u-escaped");
        CollectionAssert.AreEqual(new[] { "artifacts.json" }, dir.AllFiles(), "no temp file is left");
        Assert.AreEqual(text, DataManifest.Load(file).Serialize());
    }

    [TestMethod]
    public void Save_CreatesMissingTargetAndReplacesExistingOne()
    {
        using var dir = new TempDir();
        var file = dir.Combine("artifacts.json");
        var first = new DataManifest();
        first.Set(Entry("a"));
        first.Save(file);
        var second = new DataManifest();
        second.Set(Entry("b", KeyB, 3));

        second.Save(file);

        var loaded = DataManifest.Load(file);
        Assert.IsFalse(loaded.TryGet("a", out _));
        Assert.IsTrue(loaded.TryGet("b", out var b));
        Assert.AreEqual(KeyB, b.StorageKey);
        CollectionAssert.AreEqual(new[] { "artifacts.json" }, dir.AllFiles());
    }

    [TestMethod]
    public void Save_IntoMissingFolder_ThrowsIoErrorAndLeavesNothing()
    {
        using var dir = new TempDir();
        var manifest = new DataManifest();

        TestData.ThrowsCode(ErrorCodes.IoError, () => manifest.Save(dir.Combine("missing/artifacts.json")));
        Assert.IsEmpty(dir.AllFiles());
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsNoRepository()
    {
        using var dir = new TempDir();
        TestData.ThrowsCode(ErrorCodes.NoRepository, () => DataManifest.Load(dir.Combine("artifacts.json")));
    }

    [TestMethod]
    public void Load_FileWithBom_IsAccepted()
    {
        using var dir = new TempDir();
        var file = dir.Write("artifacts.json", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Canonical)]);
        Assert.AreEqual(Canonical, DataManifest.Load(file).Serialize());
    }

    [TestMethod]
    public void UnknownFields_AtTopLevelAndPerEntry_SurviveRoundTripVerbatim()
    {
        var text = "{\"version\":2,\"zeta\":{\"nested\":[1,2,{\"deep\":null}]},\"entries\":{" +
                   "\"a\":{\"storage_key\":\"" + KeyA + "\",\"x-tool\":{\"k\":\"v\",\"list\":[true,false]},\"size\":1," +
                   "\"created_at\":\"2024-01-02T03:04:05Z\",\"ratio\":1.50,\"big\":12345678901234567890,\"note\":\"caf\\u00e9 <&> \\\"q\\\"\",\"nil\":null}," +
                   "\"b\":{\"storage_key\":null,\"size\":0,\"created_at\":\"2024-01-02T03:04:05Z\"}}," +
                   "\"alpha\":\"kept\"}";

        var manifest = DataManifest.Parse(text);
        var output = manifest.Serialize();

        var original = JsonNode.Parse(text)!.AsObject();
        var written = JsonNode.Parse(output)!.AsObject();
        Assert.IsTrue(JsonNode.DeepEquals(original["zeta"], written["zeta"]), output);
        Assert.IsTrue(JsonNode.DeepEquals(original["alpha"], written["alpha"]), output);
        var a = written["entries"]!["a"]!.AsObject();
        foreach (var name in new[] { "x-tool", "ratio", "big", "note", "nil" })
        {
            Assert.IsTrue(a.ContainsKey(name), $"entry field {name} was dropped");
            Assert.IsTrue(JsonNode.DeepEquals(original["entries"]!["a"]![name], a[name]), $"entry field {name} changed: {output}");
        }

        Assert.Contains("\"ratio\": 1.50", output, "numbers keep their exact text");
        Assert.Contains("\"big\": 12345678901234567890", output, "numbers beyond long keep their exact text");
        Assert.IsFalse(written["entries"]!["b"]!.AsObject().Any(p => p.Key is not ("storage_key" or "size" or "created_at")), "no extras invented for b");
        Assert.AreEqual(output, DataManifest.Parse(output).Serialize(), "the output is a fixed point");

        // Known fields first, in their fixed order; unknown top-level fields after entries.
        var topNames = written.Select(p => p.Key).ToArray();
        CollectionAssert.AreEqual(new[] { "version", "entries" }, topNames[..2]);
        CollectionAssert.AreEquivalent(new[] { "version", "entries", "zeta", "alpha" }, topNames);
        CollectionAssert.AreEqual(new[] { "storage_key", "size", "created_at" }, a.Select(p => p.Key).Take(3).ToArray());
        Assert.IsTrue(manifest.TryGet("a", out var entryA));
        CollectionAssert.AreEquivalent(new[] { "x-tool", "ratio", "big", "note", "nil" }, entryA.ExtraFields.Keys.ToArray());
    }

    [TestMethod]
    public void Set_ReplacesRemoveForgets()
    {
        var manifest = new DataManifest();
        manifest.Set(Entry("a", KeyA, 1));
        manifest.Set(Entry("a", KeyB, 3));

        Assert.AreEqual(1, manifest.Count);
        Assert.IsTrue(manifest.TryGet("a", out var a));
        Assert.AreEqual(KeyB, a.StorageKey);
        Assert.AreEqual("ba78", a.ShortKey);
        Assert.IsTrue(manifest.Remove("a"));
        Assert.IsFalse(manifest.Remove("a"));
        Assert.AreEqual(0, manifest.Count);
        Assert.IsFalse(manifest.TryGet("a", out _));
    }

    [TestMethod]
    public void Set_ValidatesPathKeyAndSize()
    {
        var manifest = new DataManifest();
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidPath, () => manifest.Set(Entry("../x")));
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidKey, () => manifest.Set(Entry("x", KeyA.ToUpperInvariant())));
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => manifest.Set(Entry("x", KeyA, -1)));
        Assert.AreEqual(0, manifest.Count);
    }

    [TestMethod]
    [DataRow("{\n  \"version\": 2,\n  \"entries\": {,\n}\n", 3, 15, DisplayName = "comma instead of a property")]
    [DataRow("{\n  \"version\": 2,\n  \"entries\": {},\n}\n", 4, 1, DisplayName = "trailing comma")]
    [DataRow("{\n  // comment\n  \"version\": 2, \"entries\": {}\n}\n", 2, 3, DisplayName = "comment")]
    [DataRow("{\"version\": 2, \"entries\": {} x", 1, 30, DisplayName = "junk on one line")]
    [DataRow("{\n  \"version\": 2,\n  \"entries\": {\n    \"a\": tru\n  }\n}\n", 4, 13, DisplayName = "bad literal (points where it breaks)")]
    [DataRow("{\n  \"version\": 2,\n  \"entries\": {\n    \"ü\": x\n  }\n}\n", 4, 10, DisplayName = "after a non-ASCII character")]
    [DataRow("{\n  \"entries\": {\n    \"日本/データ.bin\": {\"size\": 1, x}\n  }\n}\n", 3, 31, DisplayName = "after CJK characters")]
    [DataRow("", 1, 1, DisplayName = "empty")]
    public void Parse_MalformedJson_ThrowsInvalidJsonWithLineAndColumn(string text, int line, int column)
    {
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidJson, () => DataManifest.Parse(text, "m.json"));
        Assert.Contains($"m.json:{line}:{column}:", ex.Message);
        Assert.IsNotNull(ex.InnerException);
        Assert.IsTrue(ex.IsUsageError);
    }

    [TestMethod]
    public void Parse_MalformedJson_ColumnPointsAtTheOffendingCharacter()
    {
        // Independent check of the column: the character the message points at must be the bad one.
        string[] texts =
        [
            "{\"version\": 2, \"entries\": {\"a\": @}}",
            "{\n\t\"version\": 2,\n\t\"entries\": {\"é/ü\": {\"size\": #}}}",
            "{\n  \"version\": 2,\n  \"entries\": {\"naïve\": {}, \"b\": @}\n}",
        ];
        foreach (var text in texts)
        {
            var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidJson, () => DataManifest.Parse(text, "m"));
            var match = System.Text.RegularExpressions.Regex.Match(ex.Message, @"^m:(\d+):(\d+):");
            Assert.IsTrue(match.Success, ex.Message);
            var line = text.Split('\n')[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1];
            var column = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsLessThanOrEqualTo(line.Length, column, ex.Message);
            Assert.IsTrue(line[column - 1] is '@' or '#', $"{ex.Message} points at '{line[column - 1]}' in '{line}'");
        }
    }

    [TestMethod]
    [DataRow("1")]
    [DataRow("3")]
    [DataRow("0")]
    [DataRow("-2")]
    [DataRow("\"2\"")]
    [DataRow("2.0")]
    [DataRow("2.5")]
    [DataRow("null")]
    [DataRow("true")]
    [DataRow("[2]")]
    [DataRow("{}")]
    public void Parse_UnsupportedVersion_ThrowsUnsupportedVersion(string version)
    {
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestUnsupportedVersion, () => DataManifest.Parse("{\"version\":" + version + ",\"entries\":{}}"));
        Assert.Contains("version 2", ex.Message);
    }

    [TestMethod]
    public void Parse_MissingVersion_ThrowsUnsupportedVersion()
    {
        var text = "{\"entries\":{}}";
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestUnsupportedVersion, () => DataManifest.Parse(text));
        Assert.Contains("version 2", ex.Message);
    }

    [TestMethod]
    public void Parse_Version2WithNoEntries_IsEmpty()
    {
        var manifest = DataManifest.Parse("{\"version\":2,\"entries\":{}}");
        Assert.AreEqual(0, manifest.Count);
        Assert.AreEqual("{\n  \"version\": 2,\n  \"entries\": {}\n}\n", manifest.Serialize());
    }

    [TestMethod]
    [DataRow("[]", DisplayName = "top level array")]
    [DataRow("null", DisplayName = "top level null")]
    [DataRow("\"x\"", DisplayName = "top level string")]
    [DataRow("{\"version\":2}", DisplayName = "entries missing")]
    [DataRow("{\"version\":2,\"entries\":[]}", DisplayName = "entries array")]
    [DataRow("{\"version\":2,\"entries\":null}", DisplayName = "entries null")]
    [DataRow("{\"version\":2,\"entries\":\"a\"}", DisplayName = "entries string")]
    [DataRow("{\"version\":2,\"entries\":{\"a\":\"x\"}}", DisplayName = "entry string")]
    [DataRow("{\"version\":2,\"entries\":{\"a\":null}}", DisplayName = "entry null")]
    [DataRow("{\"version\":2,\"entries\":{\"a\":[]}}", DisplayName = "entry array")]
    public void Parse_WrongShape_ThrowsInvalidShape(string text) =>
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse(text));

    [TestMethod]
    [DataRow("size", "-1", DisplayName = "size negative")]
    [DataRow("size", "\"1\"", DisplayName = "size string")]
    [DataRow("size", "1.5", DisplayName = "size fractional")]
    [DataRow("size", "null", DisplayName = "size null")]
    [DataRow("size", "1e3", DisplayName = "size exponent")]
    [DataRow("size", "99999999999999999999", DisplayName = "size beyond long")]
    [DataRow("size", null, DisplayName = "size missing")]
    [DataRow("created_at", "\"not a timestamp\"", DisplayName = "created_at text")]
    [DataRow("created_at", "\"\"", DisplayName = "created_at empty")]
    [DataRow("created_at", "1704164645", DisplayName = "created_at number")]
    [DataRow("created_at", "null", DisplayName = "created_at null")]
    [DataRow("created_at", null, DisplayName = "created_at missing")]
    [DataRow("storage_key", null, DisplayName = "storage_key missing")]
    public void Parse_BadEntryField_ThrowsInvalidShape(string field, string? json)
    {
        var entry = ValidEntry();
        entry.Remove(field);
        if (json is not null)
        {
            entry[field] = JsonNode.Parse(json);
        }

        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse(WithEntry("data/x.bin", entry)));
        Assert.Contains("data/x.bin", ex.Message);
    }

    [TestMethod]
    [DataRow("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", DisplayName = "uppercase")]
    [DataRow("E3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DisplayName = "one uppercase")]
    [DataRow("3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DisplayName = "63 chars")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550", DisplayName = "65 chars")]
    [DataRow("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DisplayName = "non-hex g")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85 ", DisplayName = "trailing space")]
    [DataRow("", DisplayName = "empty")]
    public void Parse_BadStorageKey_ThrowsInvalidKey(string key)
    {
        var entry = ValidEntry();
        entry["storage_key"] = key;
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidKey, () => DataManifest.Parse(WithEntry("data/x.bin", entry)));
        Assert.Contains("data/x.bin", ex.Message);
    }

    [TestMethod]
    [DataRow("5")]
    [DataRow("true")]
    [DataRow("{}")]
    [DataRow("[]")]
    public void Parse_StorageKeyNotAString_ThrowsInvalidKey(string json)
    {
        var entry = ValidEntry();
        entry["storage_key"] = JsonNode.Parse(json);
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidKey, () => DataManifest.Parse(WithEntry("data/x.bin", entry)));
    }

    [TestMethod]
    [DataRow("", DisplayName = "empty")]
    [DataRow("/a", DisplayName = "leading slash")]
    [DataRow("a/", DisplayName = "trailing slash")]
    [DataRow("a//b", DisplayName = "double slash")]
    [DataRow("./a", DisplayName = "leading dot segment")]
    [DataRow("a/./b", DisplayName = "inner dot segment")]
    [DataRow("a/.", DisplayName = "trailing dot segment")]
    [DataRow(".", DisplayName = "dot")]
    [DataRow("..", DisplayName = "dotdot")]
    [DataRow("../a", DisplayName = "leading dotdot")]
    [DataRow("a/..", DisplayName = "trailing dotdot")]
    [DataRow("a/../b", DisplayName = "inner dotdot")]
    [DataRow(".git/x", DisplayName = ".git")]
    [DataRow(".GIT/x", DisplayName = ".GIT")]
    [DataRow(".git", DisplayName = ".git alone")]
    [DataRow(".datatasks/x", DisplayName = ".datatasks")]
    [DataRow(".DataTasks/state/x", DisplayName = ".DataTasks")]
    [DataRow("C:/x", DisplayName = "drive letter")]
    [DataRow("c:x", DisplayName = "drive relative")]
    [DataRow("a\\b", DisplayName = "backslash")]
    [DataRow("\\a", DisplayName = "leading backslash")]
    [DataRow("a\u0001b", DisplayName = "control character")]
    [DataRow("a\tb", DisplayName = "tab")]
    [DataRow("a\nb", DisplayName = "newline")]
    [DataRow("a\u007f", DisplayName = "DEL")]
    [DataRow("artifacts.json", DisplayName = "the manifest")]
    [DataRow("Artifacts.JSON", DisplayName = "the manifest in other case")]
    public void InvalidPath_IsRejectedEverywhere(string path)
    {
        Assert.IsNotNull(EntryPath.Validate(path));
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidPath, () => EntryPath.EnsureValid(path));
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidPath, () => new DataManifest().Set(Entry(path)));
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidPath, () => DataManifest.Parse(WithEntry(path, ValidEntry())));
        Assert.IsFalse(ex.Message.Any(c => c < 0x20 || c == 0x7f), "control characters are not echoed");
    }

    [TestMethod]
    [DataRow("data/ümlaut.bin")]
    [DataRow("data/a b.txt")]
    [DataRow(" leading space")]
    [DataRow(".hidden/x")]
    [DataRow(".hidden")]
    [DataRow(".gitx/y")]
    [DataRow("sub/artifacts.json")]
    [DataRow("artifacts.json.bak")]
    [DataRow("artifacts.json/x")]
    [DataRow("..a")]
    [DataRow("a..")]
    [DataRow("...")]
    [DataRow("a/...b")]
    [DataRow("ab:c")]
    [DataRow("1:x")]
    [DataRow("日本/データ.bin")]
    [DataRow("emoji/😀.png")]
    [DataRow("a\"quote")]
    public void UnusualButValidPath_IsAcceptedAndRoundTrips(string path)
    {
        Assert.IsNull(EntryPath.Validate(path));
        EntryPath.EnsureValid(path);
        var manifest = DataManifest.Parse(WithEntry(path, ValidEntry()));
        Assert.IsTrue(manifest.TryGet(path, out _));

        var again = DataManifest.Parse(manifest.Serialize());
        Assert.AreEqual(path, again.Entries.Single().Path);
    }

    [TestMethod]
    public void Parse_ReportsTheSourceName()
    {
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse("[]", "/some/where/artifacts.json"));
        Assert.StartsWith("/some/where/artifacts.json", ex.Message);
    }

    [TestMethod]
    [DataRow("{\"version\":2,\"entries\":{},\"entries\":{}}", DisplayName = "top level")]
    [DataRow("{\"version\":2,\"version\":2,\"entries\":{}}", DisplayName = "version")]
    [DataRow("{\"version\":2,\"entries\":{\"a\":{\"storage_key\":null,\"size\":1,\"created_at\":\"2024-01-02T03:04:05Z\"},\"a\":{\"storage_key\":null,\"size\":2,\"created_at\":\"2024-01-02T03:04:05Z\"}}}", DisplayName = "entry path")]
    [DataRow("{\"version\":2,\"entries\":{\"a\":{\"storage_key\":null,\"size\":1,\"size\":2,\"created_at\":\"2024-01-02T03:04:05Z\"}}}", DisplayName = "entry field")]
    public void Parse_DuplicatePropertyNames_ThrowsDataTasksException(string text)
    {
        // A merge can leave the same path twice; that must be a DataTasks error, not an ArgumentException.
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidShape, () => DataManifest.Parse(text));
        Assert.Contains("more than once", ex.Message);
    }

    [TestMethod]
    public void FormatTimestamp_IsUtcSecondsPrecision()
    {
        var value = new DateTimeOffset(2024, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5));
        Assert.AreEqual("2025-01-01T04:59:59Z", DataManifest.FormatTimestamp(value));
    }
}
