using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Patterns;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Operations;

[TestClass]
public sealed class StatusClassifyTests
{
    private const string KeyA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string KeyB = TestData.AbcKey;
    private const string KeyC = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

    private static ManifestEntry Entry(string path, string? key, long size = 10) => new()
    {
        Path = path,
        StorageKey = key,
        Size = size,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>An added-state with <paramref name="records"/>, loaded from a real file as status does.</summary>
    private static AddedState Added(TempDir dir, params (string Path, string Key)[] records)
    {
        var file = dir.Combine("state/added.json");
        var state = AddedState.Load(file);
        foreach (var (path, key) in records)
        {
            state.Set(path, key, 10);
        }

        state.Save();
        return AddedState.Load(file);
    }


    [TestMethod]
    public void KeyedEntry_SameContentOnDisk_IsSynced()
    {
        using var dir = new TempDir();
        var item = StatusOperation.Classify(Entry("data/a", KeyA, 12), new HashedFile(KeyA, 12), Added(dir));
        Assert.AreEqual(new StatusItem("data/a", EntryState.Synced, 12, KeyA, KeyA), item);
    }

    [TestMethod]
    public void KeyedEntry_SameKeyButOtherSizeInTheManifest_IsModified()
    {
        using var dir = new TempDir();
        var item = StatusOperation.Classify(Entry("data/a", KeyA, 13), new HashedFile(KeyA, 12), Added(dir));
        Assert.AreEqual(new StatusItem("data/a", EntryState.Modified, 12, KeyA, KeyA), item);
    }

    [TestMethod]
    public void KeyedEntry_OtherContentOnDisk_IsModified()
    {
        using var dir = new TempDir();
        var item = StatusOperation.Classify(Entry("data/a", KeyA), new HashedFile(KeyB, 12), Added(dir, ("data/a", KeyB)));
        Assert.AreEqual(new StatusItem("data/a", EntryState.Modified, 12, KeyA, KeyB), item, "the added state does not matter once the entry has a key");
    }

    [TestMethod]
    public void KeyedEntry_NotOnDisk_Matched_IsMissing()
    {
        using var dir = new TempDir();
        Assert.AreEqual(new StatusItem("data/a", EntryState.Missing, 10, KeyA, null),
            StatusOperation.Classify(Entry("data/a", KeyA), null, Added(dir)));
    }

    [TestMethod]
    public void KeyedEntry_NotOnDisk_NoPatternFile_IsMissing()
    {
        using var dir = new TempDir();
        Assert.AreEqual(EntryState.Missing, StatusOperation.Classify(Entry("other/a", KeyA), null, Added(dir)).State);
    }

    [TestMethod]
    public void KeyedEntry_NotOnDisk_NoLongerMatched_IsMissing_SincePullRestoresIt()
    {
        using var dir = new TempDir();
        Assert.AreEqual(new StatusItem("other/a", EntryState.Missing, 10, KeyA, null),
            StatusOperation.Classify(Entry("other/a", KeyA), null, Added(dir)));
    }

    [TestMethod]
    public void UnpushedEntry_NotOnDisk_IsDeleted()
    {
        using var dir = new TempDir();
        Assert.AreEqual(new StatusItem("data/a", EntryState.Deleted, 10, null, null),
            StatusOperation.Classify(Entry("data/a", null), null, Added(dir, ("data/a", KeyA))));
        Assert.AreEqual(EntryState.Deleted, StatusOperation.Classify(Entry("data/a", null), null, Added(dir)).State);
    }

    [TestMethod]
    public void UnpushedEntry_SameAsAdded_IsAdded()
    {
        using var dir = new TempDir();
        Assert.AreEqual(new StatusItem("data/a", EntryState.Added, 12, null, KeyA),
            StatusOperation.Classify(Entry("data/a", null, 12), new HashedFile(KeyA, 12), Added(dir, ("data/a", KeyA))));
    }

    [TestMethod]
    public void UnpushedEntry_NoAddedRecord_IsAdded()
    {
        using var dir = new TempDir();
        Assert.AreEqual(EntryState.Added,
            StatusOperation.Classify(Entry("data/a", null, 12), new HashedFile(KeyC, 12), Added(dir, ("data/b", KeyA))).State);
    }

    [TestMethod]
    public void UnpushedEntry_ChangedSinceAdded_IsModified()
    {
        using var dir = new TempDir();
        Assert.AreEqual(new StatusItem("data/a", EntryState.Modified, 12, null, KeyB),
            StatusOperation.Classify(Entry("data/a", null), new HashedFile(KeyB, 12), Added(dir, ("data/a", KeyA))));
    }

    [TestMethod]
    public void StatusReport_CountsAndCleanliness()
    {
        var clean = new StatusReport([new StatusItem("a", EntryState.Synced, 1, KeyA, KeyA)], 0);
        var dirty = new StatusReport(
        [
            new StatusItem("a", EntryState.Synced, 1, KeyA, KeyA),
            new StatusItem("b", EntryState.Untracked, 1, null, null),
            new StatusItem("c", EntryState.Untracked, 1, null, null),
        ], 2);

        Assert.IsTrue(clean.IsClean);
        Assert.IsTrue(new StatusReport([], 0).IsClean);
        Assert.IsFalse(dirty.IsClean);
        Assert.AreEqual(2, dirty.Count(EntryState.Untracked));
        Assert.AreEqual(0, dirty.Count(EntryState.Missing));
        Assert.AreEqual(2, dirty.HashedFiles);
    }
}

[TestClass]
public sealed class DataTreeTests
{
    private static StatusItem Item(string path, EntryState state, long size) => new(path, state, size, null, null);

    [TestMethod]
    public void Build_Empty_IsAnEmptyRoot()
    {
        var root = DataTree.Build(new StatusReport([], 0));
        Assert.AreEqual(string.Empty, root.Name);
        Assert.AreEqual(string.Empty, root.Path);
        Assert.IsEmpty(root.Children);
        Assert.AreEqual(0, root.TotalFileCount);
        Assert.AreEqual(0, root.TotalSize);
    }

    [TestMethod]
    public void Build_RollsUpCountsSizesAndStatesPerFolder()
    {
        var report = new StatusReport(
        [
            Item("top.bin", EntryState.Synced, 1),
            Item("data/a.bin", EntryState.Synced, 10),
            Item("data/b.bin", EntryState.Modified, 20),
            Item("data/raw/c.bin", EntryState.Missing, 100),
            Item("data/raw/deep/d.bin", EntryState.Synced, 1000),
            Item("models/m.onnx", EntryState.Untracked, 5),
        ], 0);

        var root = DataTree.Build(report);

        Assert.AreEqual(1, root.FileCount);
        Assert.AreEqual(1, root.Size);
        Assert.AreEqual(6, root.TotalFileCount);
        Assert.AreEqual(1136, root.TotalSize);
        Assert.AreEqual(1, root.States[EntryState.Synced]);
        Assert.AreEqual(3, root.TotalStates[EntryState.Synced]);
        Assert.AreEqual(1, root.TotalStates[EntryState.Untracked]);
        CollectionAssert.AreEqual(new[] { "data", "models" }, root.Children.Select(c => c.Name).ToArray());

        var data = root.Children.First();
        Assert.AreEqual("data", data.Path);
        Assert.AreEqual(2, data.FileCount);
        Assert.AreEqual(30, data.Size);
        Assert.AreEqual(4, data.TotalFileCount);
        Assert.AreEqual(1130, data.TotalSize);
        Assert.AreEqual(1, data.States[EntryState.Modified]);
        Assert.IsFalse(data.States.ContainsKey(EntryState.Missing), "Missing is below, not directly here");
        Assert.AreEqual(1, data.TotalStates[EntryState.Missing]);

        var raw = data.Children.Single();
        Assert.AreEqual("raw", raw.Name);
        Assert.AreEqual("data/raw", raw.Path);
        Assert.AreEqual(1, raw.FileCount);
        Assert.AreEqual(100, raw.Size);
        Assert.AreEqual(2, raw.TotalFileCount);
        Assert.AreEqual(1100, raw.TotalSize);

        var deep = raw.Children.Single();
        Assert.AreEqual("data/raw/deep", deep.Path);
        Assert.AreEqual(1, deep.FileCount);
        Assert.AreEqual(1, deep.TotalFileCount);
        Assert.IsEmpty(deep.Children);
    }

    [TestMethod]
    public void Build_ChildrenAreInOrdinalOrder()
    {
        var report = new StatusReport(
        [
            Item("b/x", EntryState.Synced, 1),
            Item("B/x", EntryState.Synced, 1),
            Item("a/x", EntryState.Synced, 1),
            Item("ä/x", EntryState.Synced, 1),
        ], 0);

        var names = DataTree.Build(report).Children.Select(c => c.Name).ToArray();

        CollectionAssert.AreEqual(new[] { "B", "a", "b", "ä" }, names);
    }
}
