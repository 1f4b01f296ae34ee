using DataTasks.Core.Hashing;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Hashing;

[TestClass]
public sealed class AddedStateTests
{
    private const string K1 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string K2 = TestData.AbcKey;

    [TestMethod]
    public void SetSaveLoad_RoundTrips()
    {
        using var dir = new TempDir();
        var file = dir.Combine("state/added.json");
        var state = AddedState.Load(file);
        state.Set("data/a.bin", K1, 0);
        state.Set("data/ü b.bin", K2, 3);
        state.Set("data/a.bin", K2, 5);

        state.Save();

        var loaded = AddedState.Load(file);
        Assert.IsTrue(loaded.TryGet("data/a.bin", out var a));
        Assert.AreEqual(new AddedRecord(K2, 5), a);
        Assert.IsTrue(loaded.TryGet("data/ü b.bin", out var b));
        Assert.AreEqual(new AddedRecord(K2, 3), b);
        Assert.IsFalse(loaded.TryGet("data/c.bin", out _));
        CollectionAssert.AreEqual(new[] { "state/added.json" }, dir.AllFiles());
    }

    [TestMethod]
    public void Remove_IsPersisted()
    {
        using var dir = new TempDir();
        var file = dir.Combine("added.json");
        var state = AddedState.Load(file);
        state.Set("a", K1, 0);
        state.Set("b", K2, 3);
        state.Save();

        var loaded = AddedState.Load(file);
        loaded.Remove("a");
        loaded.Save();

        var again = AddedState.Load(file);
        Assert.IsFalse(again.TryGet("a", out _));
        Assert.IsTrue(again.TryGet("b", out _));
    }

    [TestMethod]
    public void Save_WithoutChanges_WritesNothing()
    {
        using var dir = new TempDir();
        var state = AddedState.Load(dir.Combine("state/added.json"));
        state.Remove("nothing");
        state.Save();
        Assert.IsEmpty(dir.AllFiles());
    }

    [TestMethod]
    [DataRow("", DisplayName = "empty")]
    [DataRow("{", DisplayName = "truncated")]
    [DataRow("[1,2]", DisplayName = "array")]
    [DataRow("{\"a\": 5}", DisplayName = "wrong value type")]
    public void Load_CorruptFile_IsEmpty(string content)
    {
        using var dir = new TempDir();
        var file = dir.Write("added.json", content);
        var state = AddedState.Load(file);
        Assert.IsFalse(state.TryGet("a", out _));
    }

    [TestMethod]
    public void Load_NullRecord_IsIgnoredNotReturned()
    {
        // A hand-edited or damaged file must not hand status a null record (it would crash on record.Key).
        using var dir = new TempDir();
        var file = dir.Write("added.json", "{\"a\": null, \"b\": {\"Key\": \"" + K1 + "\", \"Size\": 0}}");

        var state = AddedState.Load(file);

        Assert.IsFalse(state.TryGet("a", out var a) && a is null, "a null record was returned");
        Assert.IsTrue(state.TryGet("b", out var b));
        Assert.AreEqual(K1, b.Key);
    }
}
