using DataTasks.Core.Manifest;
using DataTasks.Core.Merge;

namespace DataTasks.Core.Tests.Merge;

[TestClass]
public sealed class ManifestMergeTests
{
    private static readonly string KeyA = new('a', 64);
    private static readonly string KeyB = new('b', 64);
    private static readonly string KeyC = new('c', 64);

    private static string Entry(string path, string? key, long size, string extra = "", string date = "2026-01-01T00:00:00Z") =>
        $"\"{path}\": {{\"storage_key\": {(key is null ? "null" : $"\"{key}\"")}, \"size\": {size}, \"created_at\": \"{date}\"{extra}}}";

    private static DataManifest Manifest(params string[] entries) =>
        DataManifest.Parse($"{{\"version\": 2, \"entries\": {{{string.Join(", ", entries)}}}}}");

    private static ManifestMergeResult Merge(DataManifest b, DataManifest o, DataManifest t) => ManifestMerge.Merge(b, o, t);

    [TestMethod]
    public void NeighbouringAdditionsOnBothSides_Combine()
    {
        var b = Manifest(Entry("data/models/1.0/a.onnx", KeyA, 1));
        var o = Manifest(Entry("data/models/1.0/a.onnx", KeyA, 1), Entry("data/models/2.0/a.onnx", KeyB, 2));
        var t = Manifest(Entry("data/models/1.0/a.onnx", KeyA, 1), Entry("data/models/2.0/b.onnx", KeyC, 3));

        var result = Merge(b, o, t);

        Assert.IsTrue(result.IsClean);
        CollectionAssert.AreEqual(new[] { "data/models/1.0/a.onnx", "data/models/2.0/a.onnx", "data/models/2.0/b.onnx" },
            result.Merged.Entries.Select(e => e.Path).ToArray());
    }

    [TestMethod]
    public void OneSidesChange_WinsOverTheOthersNoOp_BothWays()
    {
        var b = Manifest(Entry("data/a", KeyA, 1), Entry("data/b", KeyA, 1));
        var o = Manifest(Entry("data/a", KeyB, 2), Entry("data/b", KeyA, 1));
        var t = Manifest(Entry("data/a", KeyA, 1), Entry("data/b", KeyC, 3));

        var result = Merge(b, o, t);

        Assert.IsTrue(result.IsClean);
        Assert.IsTrue(result.Merged.TryGet("data/a", out var a));
        Assert.AreEqual(KeyB, a.StorageKey);
        Assert.AreEqual(2, a.Size);
        Assert.IsTrue(result.Merged.TryGet("data/b", out var bb));
        Assert.AreEqual(KeyC, bb.StorageKey);
    }

    [TestMethod]
    public void RemovalOnOneSide_AgainstNoChange_Removes()
    {
        var b = Manifest(Entry("data/a", KeyA, 1), Entry("data/b", KeyB, 1));
        var o = Manifest(Entry("data/a", KeyA, 1), Entry("data/b", KeyB, 1));
        var t = Manifest(Entry("data/b", KeyB, 1));

        var result = Merge(b, o, t);

        Assert.IsTrue(result.IsClean);
        Assert.IsFalse(result.Merged.TryGet("data/a", out _));
        Assert.AreEqual(1, result.Merged.Count);
    }

    [TestMethod]
    public void SamePathChangedDifferently_IsAConflict_KeepingOurs()
    {
        var b = Manifest(Entry("data/a", KeyA, 1), Entry("data/x", KeyA, 1));
        var o = Manifest(Entry("data/a", KeyB, 2), Entry("data/x", KeyA, 1));
        var t = Manifest(Entry("data/a", KeyC, 3), Entry("data/x", KeyA, 1), Entry("data/y", KeyC, 3));

        var result = Merge(b, o, t);

        Assert.IsFalse(result.IsClean);
        Assert.AreEqual(1, result.Conflicts.Count);
        var conflict = result.Conflicts[0];
        Assert.AreEqual("data/a", conflict.Path);
        CollectionAssert.AreEqual(new[] { "storage_key" }, conflict.Fields.ToArray());
        Assert.AreEqual(KeyB, conflict.Ours!.StorageKey);
        Assert.AreEqual(KeyC, conflict.Theirs!.StorageKey);
        Assert.IsTrue(result.Merged.TryGet("data/a", out var merged));
        Assert.AreEqual(KeyB, merged.StorageKey, "a conflict keeps our side's value");
        Assert.IsTrue(result.Merged.TryGet("data/y", out _), "the clean part of the merge is kept");
    }

    [TestMethod]
    public void SameChangeOnBothSides_IsNoConflict()
    {
        var b = Manifest(Entry("data/a", KeyA, 1));
        var o = Manifest(Entry("data/a", KeyB, 2, date: "2026-02-01T00:00:00Z"));
        var t = Manifest(Entry("data/a", KeyB, 2, date: "2026-01-15T00:00:00Z"));

        var result = Merge(b, o, t);

        Assert.IsTrue(result.IsClean);
        Assert.IsTrue(result.Merged.TryGet("data/a", out var a));
        Assert.AreEqual(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), a.CreatedAt, "equal content keeps the earlier date");
    }

    [TestMethod]
    public void AddedOnBothSidesWithDifferentContent_IsAConflict()
    {
        var b = Manifest();
        var o = Manifest(Entry("data/a", KeyA, 1));
        var t = Manifest(Entry("data/a", KeyB, 2));

        var result = Merge(b, o, t);

        Assert.AreEqual(1, result.Conflicts.Count);
        Assert.IsNull(result.Conflicts[0].Base);
    }

    [TestMethod]
    public void RemovedOnOneSide_ChangedOnTheOther_IsAConflict()
    {
        var b = Manifest(Entry("data/a", KeyA, 1));
        var o = Manifest();
        var t = Manifest(Entry("data/a", KeyB, 2));

        var result = Merge(b, o, t);

        Assert.AreEqual(1, result.Conflicts.Count);
        Assert.IsNull(result.Conflicts[0].Ours);
        Assert.AreEqual(KeyB, result.Conflicts[0].Theirs!.StorageKey);
        Assert.IsFalse(result.Merged.TryGet("data/a", out _), "ours removed it, and a conflict keeps ours");
    }

    [TestMethod]
    public void MetadataFields_MergeFieldByField_WithTheContent()
    {
        var b = Manifest(Entry("data/a", KeyA, 1, ", \"description\": \"old\", \"tags\": [\"x\"]"));
        var o = Manifest(Entry("data/a", KeyB, 2, ", \"description\": \"old\", \"tags\": [\"x\"]"));
        var t = Manifest(Entry("data/a", KeyA, 1, ", \"description\": \"new\", \"tags\": [\"x\"], \"metadata\": {\"acc\": 0.9}"));

        var result = Merge(b, o, t);

        Assert.IsTrue(result.IsClean);
        Assert.IsTrue(result.Merged.TryGet("data/a", out var a));
        Assert.AreEqual(KeyB, a.StorageKey, "ours retrained the model");
        Assert.AreEqual("new", a.Description, "theirs described it");
        Assert.AreEqual(0.9, a.Metadata["acc"]!.GetValue<double>());
    }

    [TestMethod]
    public void AFieldChangedDifferentlyOnBothSides_IsAConflictNamingIt()
    {
        var b = Manifest(Entry("data/a", KeyA, 1, ", \"description\": \"old\""));
        var o = Manifest(Entry("data/a", KeyA, 1, ", \"description\": \"mine\""));
        var t = Manifest(Entry("data/a", KeyA, 1, ", \"description\": \"yours\""));

        var result = Merge(b, o, t);

        Assert.AreEqual(1, result.Conflicts.Count);
        CollectionAssert.AreEqual(new[] { "description" }, result.Conflicts[0].Fields.ToArray());
        Assert.IsTrue(result.Merged.TryGet("data/a", out var a));
        Assert.AreEqual("mine", a.Description);
    }

    [TestMethod]
    public void UnknownTopLevelFields_MergeThreeWay()
    {
        var b = DataManifest.Parse($"{{\"version\": 2, \"entries\": {{}}, \"x\": 1}}");
        var o = DataManifest.Parse($"{{\"version\": 2, \"entries\": {{}}, \"x\": 1, \"y\": true}}");
        var t = DataManifest.Parse($"{{\"version\": 2, \"entries\": {{}}, \"x\": 2}}");

        var result = Merge(b, o, t);

        Assert.IsTrue(result.IsClean);
        StringAssert.Contains(result.Merged.Serialize(), "\"x\": 2");
        StringAssert.Contains(result.Merged.Serialize(), "\"y\": true");
    }

    [TestMethod]
    public void TheMerge_IsWrittenInTheDeterministicFormat()
    {
        var b = Manifest(Entry("data/a", KeyA, 1));
        var o = Manifest(Entry("data/a", KeyA, 1), Entry("data/c", KeyC, 3));
        var t = Manifest(Entry("data/b", KeyB, 2), Entry("data/a", KeyA, 1));

        var text = Merge(b, o, t).Merged.Serialize();

        Assert.AreEqual(Manifest(Entry("data/a", KeyA, 1), Entry("data/b", KeyB, 2), Entry("data/c", KeyC, 3)).Serialize(), text);
        Assert.IsTrue(text.EndsWith("}\n", StringComparison.Ordinal));
    }

    [TestMethod]
    public void ConflictMarkers_AreRecognisedOnlyAsGitWritesThem()
    {
        Assert.IsTrue(ConflictMarkers.Contains("{\n<<<<<<< HEAD\n  \"a\": 1\n=======\n  \"a\": 2\n>>>>>>> other\n}\n"u8));
        Assert.IsFalse(ConflictMarkers.Contains("{\"entries\": {\"data/<<<<<<< x\": 1}}\n"u8));
        Assert.IsFalse(ConflictMarkers.Contains("{\n  \"a\": \"=======\"\n}\n"u8));
    }
}
