using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>The description, tags, inputs and metadata fields of an entry: read, typed, validated and written back.</summary>
[TestClass]
public sealed class MetadataFieldsTests
{
    private const string Key = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string WithMetadata =
        "{\n" +
        "  \"version\": 2,\n" +
        "  \"entries\": {\n" +
        "    \"data/model.bin\": {\n" +
        "      \"storage_key\": \"" + Key + "\",\n" +
        "      \"size\": 0,\n" +
        "      \"created_at\": \"2024-01-02T03:04:05Z\",\n" +
        "      \"description\": \"the trained model\",\n" +
        "      \"tags\": [\n" +
        "        \"model\",\n" +
        "        \"v1\"\n" +
        "      ],\n" +
        "      \"inputs\": [\n" +
        "        \"data/raw.csv\",\n" +
        "        \"pesto:data/vocab.txt\"\n" +
        "      ],\n" +
        "      \"metadata\": {\n" +
        "        \"epochs\": 3,\n" +
        "        \"lr\": 0.01,\n" +
        "        \"params\": {\n" +
        "          \"depth\": [\n" +
        "            1,\n" +
        "            2\n" +
        "          ]\n" +
        "        }\n" +
        "      },\n" +
        "      \"x-future\": true\n" +
        "    },\n" +
        "    \"data/raw.csv\": {\n" +
        "      \"storage_key\": null,\n" +
        "      \"size\": 3,\n" +
        "      \"created_at\": \"2024-06-07T08:09:10Z\"\n" +
        "    }\n" +
        "  }\n" +
        "}\n";

    private static string OneEntry(string fields) =>
        "{\"version\":2,\"entries\":{\"a\":{\"storage_key\":null,\"size\":1,\"created_at\":\"2024-01-02T03:04:05Z\"," + fields + "}}}";

    [TestMethod]
    public void CanonicalTextRoundTripsWithTypedFieldsAndUnknownFieldsKept()
    {
        var manifest = DataManifest.Parse(WithMetadata);
        Assert.IsTrue(manifest.TryGet("data/model.bin", out var model));
        Assert.AreEqual("the trained model", model.Description);
        CollectionAssert.AreEqual(new[] { "model", "v1" }, model.Tags.ToArray());
        CollectionAssert.AreEqual(new[] { "data/raw.csv", "pesto:data/vocab.txt" }, model.Inputs.ToArray());
        Assert.AreEqual(3, model.Metadata["epochs"]!.GetValue<int>());
        Assert.AreEqual(1, model.ExtraFields.Count, "only the unknown field stays an extra");
        Assert.IsTrue(model.ExtraFields.ContainsKey("x-future"));
        Assert.AreEqual(WithMetadata, manifest.Serialize());

        Assert.IsTrue(manifest.TryGet("data/raw.csv", out var raw));
        Assert.IsFalse(raw.HasMetadataFields);
    }

    [TestMethod]
    public void FieldsAreWrittenInTheFixedOrderWhateverTheFileOrder()
    {
        var text = OneEntry("\"metadata\":{\"b\":1,\"a\":\"x\"},\"inputs\":[\"c\"],\"zz\":1,\"tags\":[\"t\"],\"description\":\"d\"");
        var written = DataManifest.Parse(text).Serialize();
        var order = new[] { "\"created_at\"", "\"description\"", "\"tags\"", "\"inputs\"", "\"metadata\"", "\"a\": \"x\"", "\"b\": 1", "\"zz\"" }
            .Select(n => written.IndexOf(n, StringComparison.Ordinal)).ToArray();
        CollectionAssert.DoesNotContain(order, -1, written);
        CollectionAssert.AreEqual(order.Order().ToArray(), order, written);
        Assert.AreEqual(written, DataManifest.Parse(written).Serialize(), "a second round trip changes nothing");
    }

    [TestMethod]
    public void EmptyFieldsAreOmittedWhenWritten()
    {
        var manifest = new DataManifest();
        manifest.Set(new ManifestEntry { Path = "a", Size = 1, CreatedAt = DateTimeOffset.UnixEpoch, Tags = [], Inputs = [] });
        var text = manifest.Serialize();
        StringAssert.DoesNotMatch(text, new System.Text.RegularExpressions.Regex("tags|inputs|metadata|description"));
    }

    [TestMethod]
    [DataRow("\"tags\":\"model\"", "tags must be an array of strings")]
    [DataRow("\"tags\":[1]", "tags must be an array of strings")]
    [DataRow("\"tags\":[\"two words\"]", "whitespace")]
    [DataRow("\"tags\":[\"\"]", "empty")]
    [DataRow("\"description\":7", "description must be a string")]
    [DataRow("\"inputs\":[\"/abs\"]", "input '/abs'")]
    [DataRow("\"inputs\":{}", "inputs must be an array of strings")]
    [DataRow("\"metadata\":[1]", "metadata must be a JSON object")]
    [DataRow("\"metadata\":{\"\":1}", "metadata key")]
    public void WrongTypeOrValueIsTheMetadataShapeError(string fields, string reason)
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => DataManifest.Parse(OneEntry(fields)));
        Assert.AreEqual(ErrorCodes.ManifestMetadataInvalid, ex.Code);
        StringAssert.Contains(ex.Message, "entry 'a'");
        StringAssert.Contains(ex.Message, reason);
        Assert.IsFalse(ex.Message.Contains('\n', StringComparison.Ordinal), "one line");
    }

    [TestMethod]
    public void BrokenJsonStillWinsOverAMetadataShapeError()
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => DataManifest.Parse(OneEntry("\"tags\":\"x\"") + ","));
        Assert.AreEqual(ErrorCodes.ManifestInvalidJson, ex.Code);
    }

    [TestMethod]
    public void NullMetadataValuesRoundTrip()
    {
        var manifest = DataManifest.Parse(OneEntry("\"metadata\":{\"none\":null}"));
        Assert.IsTrue(manifest.TryGet("a", out var a));
        Assert.IsTrue(a.Metadata.ContainsKey("none"));
        Assert.IsNull(a.Metadata["none"]);
        StringAssert.Contains(manifest.Serialize(), "\"none\": null");
    }

    [TestMethod]
    public void ToNodeGivesTheFieldAsTheFileHoldsIt()
    {
        var entry = new ManifestEntry
        {
            Path = "a", Size = 1, CreatedAt = DateTimeOffset.UnixEpoch, Description = "d", Tags = ["t"],
            Metadata = new Dictionary<string, JsonNode?> { ["k"] = 1 },
        };
        Assert.AreEqual("\"d\"", EntryMetadataFields.ToNode(entry, "description")!.ToJsonString());
        Assert.AreEqual("[\"t\"]", EntryMetadataFields.ToNode(entry, "tags")!.ToJsonString());
        Assert.IsNull(EntryMetadataFields.ToNode(entry, "inputs"));
        Assert.AreEqual("{\"k\":1}", EntryMetadataFields.ToNode(entry, "metadata")!.ToJsonString());
    }
}
