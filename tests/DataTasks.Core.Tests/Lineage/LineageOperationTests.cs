using System.Text;
using DataTasks.Core.Lineage;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Tests.Lineage;

/// <summary>The lineage walk on manifests written to disk: cycle marking, repeated nodes, spellings of one entry, a broken export.json.</summary>
[TestClass]
public sealed class LineageOperationTests
{
    /// <summary>Writes artifacts.json under <paramref name="folder"/> with each entry's inputs.</summary>
    private static void WriteManifest(TempDir dir, string folder, params (string Path, string[] Inputs)[] entries)
    {
        var text = new StringBuilder("{\"version\":2,\"entries\":{");
        foreach (var (path, inputs) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(text[^1] == '{' ? "" : ",")
                .Append($"\"{path}\":{{\"storage_key\":null,\"size\":1,\"created_at\":\"2026-01-01T00:00:00Z\"")
                .Append(inputs.Length == 0 ? "" : $",\"inputs\":[{string.Join(",", inputs.Select(i => $"\"{i}\""))}]")
                .Append('}');
        }

        dir.Write(folder.Length == 0 ? "artifacts.json" : $"{folder}/artifacts.json", text.Append("}}").ToString());
    }

    private static LineageGraph Run(TempDir dir, string folder, string path, LineageDirection direction = LineageDirection.Both, int? depth = null) =>
        LineageOperation.Run(DataRepository.At(dir.Combine(folder)), path, direction, depth, CancellationToken.None);

    private static string[] Text(LineageGraph graph) => [.. LineageText.Lines(graph)];

    [TestMethod]
    public void TwoNodesMadeFromEachOther_BelowTheRoot_AreBothMarkedAsCycles()
    {
        using var dir = new TempDir();
        WriteManifest(dir, "", ("a", ["b", "c"]), ("b", ["c"]), ("c", ["b"]));

        var graph = Run(dir, "", "a", LineageDirection.Up);

        // b and c are both one level up; each is expanded there, and the line naming the other below it closes the loop.
        CollectionAssert.AreEqual(
            new[] { "a", "made from:", "├── b", "│   └── c (cycle, see below)", "└── c", "    └── b (cycle, see above)" },
            Text(graph));
        Assert.IsTrue(graph.Edges.Single(e => e.Input.Path == "c" && e.Product.Path == "b").Cycle);
        Assert.IsFalse(graph.Edges.Single(e => e.Input.Path == "b" && e.Product.Path == "a").Cycle);
    }

    [TestMethod]
    public void AnEntryListingItself_IsACycleOfOne()
    {
        using var dir = new TempDir();
        WriteManifest(dir, "", ("a", ["a"]));

        var graph = Run(dir, "", "a");

        CollectionAssert.AreEqual(new[] { "a", "made from:", "└── a (cycle)", "used by:", "└── a (cycle)" }, Text(graph));
        Assert.IsTrue(graph.HasCycle);
        Assert.AreEqual(1, graph.Nodes.Count);
    }

    [TestMethod]
    public void TheStartingRepositorysOwnNamespaceName_IsTheSameNode()
    {
        using var dir = new TempDir();
        dir.Write("export.json", """{ "pesto": "pesto", "other": "other" }""");
        WriteManifest(dir, "pesto", ("data/a", []), ("data/b", ["pesto:data/a", "data/a"]));
        WriteManifest(dir, "other", ("data/c", ["pesto:data/b"]));

        var graph = Run(dir, "pesto", "data/a");

        CollectionAssert.AreEqual(new[] { "data/a", "made from: nothing", "used by:", "└── data/b", "    └── other:data/c" }, Text(graph));
        Assert.AreEqual(2, graph.Edges.Count, "two spellings of one input are one edge");
    }

    [TestMethod]
    public void AnInvalidExportJson_LeavesNamespacedInputsUnresolved_AndTheLocalLineageShown()
    {
        using var dir = new TempDir();
        dir.Write("export.json", "{ not json");
        WriteManifest(dir, "repo", ("data/a", ["data/b", "far:data/c"]), ("data/b", []));

        var graph = Run(dir, "repo", "data/a", LineageDirection.Up);

        CollectionAssert.AreEqual(new[] { "data/a", "made from:", "├── data/b", "└── far:data/c (unresolved)" }, Text(graph));
        StringAssert.StartsWith(graph.UnreadableNamespaces["far"], ErrorCodes.ExportMapInvalid);
        StringAssert.StartsWith(graph.Nodes.Single(n => n.Status == LineageNodeStatus.Unresolved).Reason, ErrorCodes.ExportMapInvalid);
    }

    [TestMethod]
    public void DepthOne_StopsAtTheFirstLevel_AndSaysWhereThereIsMore()
    {
        using var dir = new TempDir();
        WriteManifest(dir, "", ("a", ["b"]), ("b", ["c"]), ("c", []), ("d", ["a"]));

        var graph = Run(dir, "", "a", depth: 1);

        CollectionAssert.AreEqual(new[] { "a", "made from:", "└── b (more beyond --depth 1)", "used by:", "└── d" }, Text(graph));
        Assert.IsTrue(graph.IsTruncated(new EntryInputReference(null, "b")));
        Assert.IsFalse(graph.IsTruncated(new EntryInputReference(null, "d")));
        Assert.IsNull(graph.UpLevelOf(new EntryInputReference(null, "c")), "c is beyond the depth");
    }

    [TestMethod]
    public void NoEntry_IsDT1110()
    {
        using var dir = new TempDir();
        WriteManifest(dir, "", ("data/a", []));

        var error = Assert.ThrowsExactly<DataTasksException>(() => Run(dir, "", "data"));

        Assert.AreEqual(ErrorCodes.LineageNoSuchEntry, error.Code);
        StringAssert.Contains(error.Message, "is a folder of entries");
    }
}
