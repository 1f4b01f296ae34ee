using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>The rules for tags, input references and --meta arguments.</summary>
[TestClass]
public sealed class MetadataRulesTests
{
    [TestMethod]
    [DataRow("model")]
    [DataRow("v1.2-rc")]
    [DataRow("größe")]
    [DataRow("a:b")]
    public void ValidTags(string tag) => Assert.IsNull(EntryTag.Validate(tag));

    [TestMethod]
    [DataRow("")]
    [DataRow("two words")]
    [DataRow("tab\there")]
    [DataRow("nl\n")]
    [DataRow("nbsp\u00a0")]
    [DataRow("bell\u0007")]
    public void InvalidTagsAreDT0141(string tag)
    {
        Assert.IsNotNull(EntryTag.Validate(tag));
        var ex = Assert.ThrowsExactly<DataTasksException>(() => EntryTag.Normalize(["ok", tag]));
        Assert.AreEqual(ErrorCodes.InvalidTag, ex.Code);
        Assert.IsFalse(ex.Message.Contains('\n', StringComparison.Ordinal), "control characters are shown escaped, on one line");
    }

    [TestMethod]
    public void TagsAreSortedAndDeduplicated() =>
        CollectionAssert.AreEqual(new[] { "B", "a", "b" }, EntryTag.Normalize(["b", "a", "B", "b"]).ToArray());

    [TestMethod]
    [DataRow("data/raw.csv", null, "data/raw.csv", "data/raw.csv")]
    [DataRow("pesto:data/raw.csv", "pesto", "data/raw.csv", "pesto:data/raw.csv")]
    [DataRow("data/a:b", null, "data/a:b", "data/a:b")]
    [DataRow(":ns:b", null, "ns:b", ":ns:b")]
    [DataRow("bad name:x", null, "bad name:x", ":bad name:x")]
    public void InputReferences(string text, string? ns, string path, string canonical)
    {
        var reference = EntryInputReference.Parse(text);
        Assert.AreEqual(ns, reference.Namespace);
        Assert.AreEqual(path, reference.Path);
        Assert.AreEqual(canonical, reference.ToString());
        Assert.AreEqual(reference, EntryInputReference.Parse(reference.ToString()), "the canonical text parses back to the same reference");
    }

    [TestMethod]
    [DataRow("/abs")]
    [DataRow("pesto:")]
    [DataRow("pesto:../x")]
    [DataRow("")]
    public void InvalidInputsAreDT0142(string text)
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => EntryInputReference.Parse(text));
        Assert.AreEqual(ErrorCodes.InvalidInputReference, ex.Code);
    }

    [TestMethod]
    public void InputsKeepTheirOrderWithoutDuplicates() =>
        CollectionAssert.AreEqual(new[] { "b", "a" }, EntryInputReference.Normalize(["b", "a", "b"]).ToArray());

    [TestMethod]
    [DataRow("lr=0.01", "lr", "0.01")]
    [DataRow("ok=true", "ok", "true")]
    [DataRow("owner=ana", "owner", "\"ana\"")]
    [DataRow("q=\"ana\"", "q", "\"ana\"")]
    [DataRow("list=[1, 2]", "list", "[1,2]")]
    [DataRow("obj={\"a\":1}", "obj", "{\"a\":1}")]
    [DataRow("eq=a=b", "eq", "\"a=b\"")]
    [DataRow("empty=", "empty", "\"\"")]
    [DataRow("broken={\"a\":", "broken", "\"{\\u0022a\\u0022:\"")]
    public void MetaArgumentsParseJsonWhenTheyAreJson(string argument, string key, string json)
    {
        var (k, v) = EntryMetaArgument.Parse(argument);
        Assert.AreEqual(key, k);
        Assert.AreEqual(json, v?.ToJsonString() ?? "null");
    }

    [TestMethod]
    public void MetaNullIsJsonNull() => Assert.IsNull(EntryMetaArgument.Parse("x=null").Value);

    [TestMethod]
    public void MetaWithoutEqualsIsDT1101()
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => EntryMetaArgument.Parse("lr"));
        Assert.AreEqual(ErrorCodes.MetaArgumentWithoutEquals, ex.Code);
    }

    [TestMethod]
    public void MetaWithAnEmptyKeyIsDT0144()
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => EntryMetaArgument.Parse("=1"));
        Assert.AreEqual(ErrorCodes.InvalidMetadataKey, ex.Code);
    }

    [TestMethod]
    public void MetaValueDuplicateNamesStayText() =>
        Assert.AreEqual(JsonValue.Create("{\"a\":1,\"a\":2}").ToJsonString(), EntryMetaArgument.Parse("x={\"a\":1,\"a\":2}").Value!.ToJsonString());
}
