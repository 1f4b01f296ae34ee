namespace DataTasks.Analyzers.Tests;

[TestClass]
public sealed class ManifestPathsTests
{
    [TestMethod]
    [DataRow("{\"version\": 2, \"entries\": {\"data/a.bin\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"x\"},\"data/b c.bin\": {\"storage_key\": \"k\", \"size\": 2, \"created_at\": \"y\", \"extra\": [1, {\"n\": \"}\"}]}}}")]
    [DataRow("{\n  \"entries\": {\n    \"data/a.bin\": { \"size\": 1 },\n    \"data/b c.bin\": { \"size\": 2 }\n  },\n  \"version\": 2\n}\n")]
    public void Read_ReturnsTheEntryKeys_WhateverTheLayout(string json) =>
        CollectionAssert.AreEqual(new[] { "data/a.bin", "data/b c.bin" }, ManifestPaths.Read(json));

    [TestMethod]
    [DataRow("")]
    [DataRow("[1, 2]")]
    [DataRow("{\"entries\": {\"a\": ")]
    public void Read_NotAManifest_IsNull(string text) => Assert.IsNull(ManifestPaths.Read(text));

    [TestMethod]
    public void ReadEntries_ReadsTheDocFields_AndIgnoresTheRest()
    {
        const string json = """
            {"version": 2, "entries": {
              "data/a.bin": {"storage_key": "k", "size": 2048, "created_at": "x", "description": "A \"quoted\" line\nand more",
                             "tags": ["t1", "t2"], "inputs": ["data/b.bin", "ns:data/c.bin"], "metadata": {"description": "not this one", "tags": [1]}},
              "data/b.bin": {"size": 7}
            }}
            """;
        var entries = ManifestPaths.ReadEntries(json)!;
        Assert.HasCount(2, entries);
        var a = entries[0];
        Assert.AreEqual("data/a.bin", a.Path);
        Assert.AreEqual("A \"quoted\" line\nand more", a.Description);
        Assert.AreEqual(2048L, a.Size);
        CollectionAssert.AreEqual(new[] { "t1", "t2" }, a.Tags.ToArray());
        CollectionAssert.AreEqual(new[] { "data/b.bin", "ns:data/c.bin" }, a.Inputs.ToArray());

        // No description, tags or inputs: undocumented, and its size is dropped from the model so it cannot cause a regeneration.
        Assert.IsFalse(entries[1].IsDocumented);
        Assert.IsNull(entries[1].Size);
    }
}
