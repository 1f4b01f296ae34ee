using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.History;

[TestClass]
public sealed class ManifestDiffTests
{
    private static string K(int n) => TestHash.Sha256([(byte)n]);

    private static DataManifest Manifest(params (string Path, string? Key, long Size)[] entries)
    {
        var m = GitHistory.EmptyManifest();
        foreach (var (path, key, size) in entries)
        {
            m.Set(new ManifestEntry { Path = path, StorageKey = key, Size = size, CreatedAt = DateTimeOffset.UnixEpoch });
        }

        return m;
    }

    [TestMethod]
    public void Compare_FindsAddedRemovedModifiedAndRenamed_InPathOrder()
    {
        var before = Manifest(("data/a", K(1), 10), ("data/b", K(2), 20), ("data/c", K(3), 30), ("data/same", K(4), 40));
        var after = Manifest(("data/b", K(5), 25), ("data/d", K(3), 30), ("data/e", K(6), 60), ("data/same", K(4), 40));

        var changes = ManifestDiff.Compare(before, after);

        CollectionAssert.AreEqual(
            new[]
            {
                new EntryChange(EntryChangeKind.Removed, "data/a", null, K(1), null, 10, null),
                new EntryChange(EntryChangeKind.Modified, "data/b", null, K(2), K(5), 20, 25),
                new EntryChange(EntryChangeKind.Renamed, "data/d", "data/c", K(3), K(3), 30, 30),
                new EntryChange(EntryChangeKind.Added, "data/e", null, null, K(6), null, 60),
            },
            changes.ToArray());
    }

    [TestMethod]
    public void Compare_OneKeyMovedToTwoPaths_IsOneRenameAndOneAddition_AndUnpushedEntriesAreNeverRenames()
    {
        var before = Manifest(("old", K(1), 1), ("x", null, 5));
        var after = Manifest(("new1", K(1), 1), ("new2", K(1), 1), ("y", null, 5));

        var changes = ManifestDiff.Compare(before, after);

        CollectionAssert.AreEqual(
            new[] { "renamed new1 old", "added new2 ", "removed x ", "added y " },
            changes.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {c.Path} {c.OldPath}").ToArray());
    }

    [TestMethod]
    public void Compare_PushingAnAddedEntry_IsAModification_FromNoKeyToItsKey()
    {
        var change = ManifestDiff.Compare(Manifest(("a", null, 3)), Manifest(("a", K(1), 3))).Single();
        Assert.AreEqual(EntryChangeKind.Modified, change.Kind);
        Assert.IsNull(change.OldKey);
        Assert.AreEqual(K(1), change.NewKey);
        Assert.IsEmpty(ManifestDiff.Compare(Manifest(("a", K(1), 3)), Manifest(("a", K(1), 3))));
    }

    [TestMethod]
    public void SnapshotRead_OfEscapedAndUnsortedText_GivesTheSameChangesAsTheParsedManifests()
    {
        var before = Manifest(("data/é/a", K(1), 10), ("data/b\"q", K(2), 20), ("data/c", K(3), 30), ("data/n", null, 5), ("data/z", K(7), 70));
        var after = Manifest(("data/b\"q", K(5), 25), ("data/d", K(3), 30), ("data/n", K(8), 5), ("data/z", K(7), 70), ("data/é/b", K(1), 10));

        // The committed text: escaped non-ASCII and quotes, and entries out of order (a hand edit).
        var beforeText = before.Serialize().Replace("data/é/a", "data/\\u00e9/a", StringComparison.Ordinal);
        var lines = after.Serialize();
        var snapshotBefore = ManifestSnapshot.Read(System.Text.Encoding.UTF8.GetBytes(beforeText), "before");
        var snapshotAfter = ManifestSnapshot.Read(System.Text.Encoding.UTF8.GetBytes(lines), "after");
        var reordered = ManifestSnapshot.Read(System.Text.Encoding.UTF8.GetBytes("{\"entries\": {\"data/z\": {\"storage_key\": \"" + K(7) + "\", \"size\": 70, \"created_at\": \"2026-01-01T00:00:00Z\"}, \"data/a\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"2026-01-01T00:00:00Z\"}}, \"version\": 2}"), "reordered");

        CollectionAssert.AreEqual(ManifestDiff.Compare(before, after).ToArray(), ManifestDiff.Compare(snapshotBefore, snapshotAfter).ToArray());
        CollectionAssert.AreEqual(new[] { "data/a", "data/z" }, ManifestDiff.Compare(ManifestSnapshot.Empty, reordered).Select(c => c.Path).ToArray());
    }

    [TestMethod]
    [DataRow("{\"version\": 2, \"entries\": ")]
    [DataRow("{\"version\": 3, \"entries\": {}}")]
    [DataRow("{\"version\": 2, \"entries\": {\"a\": {\"storage_key\": \"abc\", \"size\": 1, \"created_at\": \"2026-01-01T00:00:00Z\"}}}")]
    [DataRow("{\"version\": 2, \"entries\": {\"a\": {\"storage_key\": null, \"size\": -1, \"created_at\": \"2026-01-01T00:00:00Z\"}}}")]
    [DataRow("{\"version\": 2, \"entries\": {\"b\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"2026-01-01T00:00:00Z\"}, \"a\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"2026-01-01T00:00:00Z\"}, \"b\": {\"storage_key\": null, \"size\": 2, \"created_at\": \"2026-01-01T00:00:00Z\"}}}")]
    public void SnapshotRead_InvalidManifests_FailWithTheFullParsersCode(string text)
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => ManifestSnapshot.Read(System.Text.Encoding.UTF8.GetBytes(text), "old"));
        StringAssert.StartsWith(ex.Code, "DT01", ex.Message);
    }
}
