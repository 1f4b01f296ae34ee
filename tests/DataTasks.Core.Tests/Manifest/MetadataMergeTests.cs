using DataTasks.Core.Manifest;
using DataTasks.Core.Merge;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>The merge driver's three-way merge of description, tags, inputs and metadata.</summary>
[TestClass]
public sealed class MetadataMergeTests
{
    private static readonly string KeyA = new('a', 64);
    private static readonly string KeyB = new('b', 64);

    private static DataManifest One(string fields, string key = "") =>
        DataManifest.Parse("{\"version\":2,\"entries\":{\"data/m\":{\"storage_key\":\"" + (key.Length == 0 ? KeyA : key) + "\",\"size\":1,\"created_at\":\"2026-01-01T00:00:00Z\"" + (fields.Length == 0 ? "" : "," + fields) + "}}}");

    private static ManifestEntry Merged(ManifestMergeResult result)
    {
        Assert.IsTrue(result.IsClean, string.Join("; ", result.Conflicts.SelectMany(c => c.Fields)));
        Assert.IsTrue(result.Merged.TryGet("data/m", out var e));
        return e;
    }

    [TestMethod]
    public void BothSidesChangeTagsOfOneEntry_TheSetsCombine()
    {
        var b = One("\"tags\":[\"old\",\"keep\"]");
        var o = One("\"tags\":[\"keep\",\"ours\"]");
        var t = One("\"tags\":[\"keep\",\"old\",\"theirs\"]");

        var e = Merged(ManifestMerge.Merge(b, o, t));

        CollectionAssert.AreEqual(new[] { "keep", "ours", "theirs" }, e.Tags.ToArray(), "our removal of 'old' stands, both additions are kept");
    }

    [TestMethod]
    public void OneSideChangesDescription_OtherChangesContent_BothAreKept()
    {
        var b = One("\"description\":\"v1\"");
        var o = One("\"description\":\"v1, retrained\"");
        var t = One("\"description\":\"v1\"", KeyB);

        var e = Merged(ManifestMerge.Merge(b, o, t));

        Assert.AreEqual("v1, retrained", e.Description);
        Assert.AreEqual(KeyB, e.StorageKey);
        Assert.AreEqual(e, Merged(ManifestMerge.Merge(b, t, o)) with { Tags = e.Tags, Inputs = e.Inputs, Metadata = e.Metadata, ExtraFields = e.ExtraFields }, "the same either way round");
    }

    [TestMethod]
    public void TheirDescriptionWinsOverOurNoOp()
    {
        var e = Merged(ManifestMerge.Merge(One(""), One(""), One("\"description\":\"new\"")));
        Assert.AreEqual("new", e.Description);
    }

    [TestMethod]
    public void BothSidesChangeTheDescriptionDifferently_IsAConflictKeepingOurs()
    {
        var result = ManifestMerge.Merge(One("\"description\":\"v1\""), One("\"description\":\"ours\""), One("\"description\":\"theirs\""));

        Assert.IsFalse(result.IsClean);
        CollectionAssert.AreEqual(new[] { "description" }, result.Conflicts.Single().Fields.ToArray());
        Assert.IsTrue(result.Merged.TryGet("data/m", out var e));
        Assert.AreEqual("ours", e.Description);
    }

    [TestMethod]
    public void MetadataMergesKeyByKey_AndTheSameKeyChangedTwiceConflicts()
    {
        var b = One("\"metadata\":{\"lr\":0.1,\"gone\":1}");
        var o = One("\"metadata\":{\"lr\":0.1,\"epochs\":3}");
        var t = One("\"metadata\":{\"lr\":0.2,\"gone\":1,\"owner\":\"ana\"}");

        var e = Merged(ManifestMerge.Merge(b, o, t));
        CollectionAssert.AreEqual(new[] { "epochs", "lr", "owner" }, e.Metadata.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.AreEqual(0.2, e.Metadata["lr"]!.GetValue<double>());

        var conflict = ManifestMerge.Merge(b, One("\"metadata\":{\"lr\":0.3}"), t);
        CollectionAssert.Contains(conflict.Conflicts.Single().Fields.ToArray(), "metadata.lr");
    }

    [TestMethod]
    public void InputsCombineInOurOrderThenTheirs()
    {
        var e = Merged(ManifestMerge.Merge(One("\"inputs\":[\"a\"]"), One("\"inputs\":[\"a\",\"c\"]"), One("\"inputs\":[\"b\"]")));
        CollectionAssert.AreEqual(new[] { "c", "b" }, e.Inputs.ToArray(), "their removal of 'a' stands");
    }

    [TestMethod]
    public void AMetadataOnlyChangeIsNotTakenForNoChange()
    {
        // Without comparing the typed fields an entry whose tags alone changed looked equal to the base.
        var e = Merged(ManifestMerge.Merge(One(""), One(""), One("\"tags\":[\"x\"]")));
        CollectionAssert.AreEqual(new[] { "x" }, e.Tags.ToArray());
    }
}
