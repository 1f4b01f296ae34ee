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
}
