using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 11: tree shows the folder hierarchy with counts, sizes and status symbols; --json parses.</summary>
[TestClass]
public sealed class TreeTests
{
    [TestMethod]
    public async Task Tree_ShowsHierarchyCountsSizesAndSymbols()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/top.bin", 2000, 1);
        repo.WriteRandom("data/images/a.png", 3000, 2);
        repo.WriteRandom("data/images/b.png", 4000, 3);
        repo.WriteRandom("data/raw/gone.bin", 5000, 4);
        repo.WriteRandom("data/raw/edit.bin", 6000, 5);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        repo.WriteRandom("data/new/n.bin", 1000, 6);
        await repo.RunOkAsync("add", "data/new/n.bin");
        File.Delete(repo.PathOf("data/raw/gone.bin"));
        repo.WriteRandom("data/raw/edit.bin", 6000, 7);

        var tree = await repo.RunOkAsync("tree");
        var expected = new[]
        {
            "data/ (1 file, 2KB) ✓",
            "├── images/ (2 files, 7KB) ✓",
            "├── new/ (1 file, 1KB) ↑push",
            "└── raw/ (2 files, 11KB) ~modified ↓missing",
        };
        CollectionAssert.AreEqual(expected, tree.OutLines.Take(expected.Length).ToArray(), tree.ToString());
        Assert.AreEqual(expected.Length + 1, tree.OutLines.Length, tree.ToString());
        StringAssert.Contains(tree.OutLines[^1], "✓ synced", "a legend ends the output");
    }

    [TestMethod]
    public async Task Tree_NestedFolders_AreDrawnBeneathTheirParents()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a/b/c/deep.bin", 1500, 1);
        repo.WriteRandom("data/a/x.bin", 500, 2);
        repo.WriteRandom("data/z/y.bin", 500, 3);
        await repo.RunOkAsync("add", "data");

        var tree = await repo.RunOkAsync("tree");
        var expected = new[]
        {
            "data/",
            "├── a/ (1 file, 500B) ↑push",
            "│   └── b/",
            "│       └── c/ (1 file, 1.5KB) ↑push",
            "└── z/ (1 file, 500B) ↑push",
        };
        CollectionAssert.AreEqual(expected, tree.OutLines.Take(expected.Length).ToArray(), tree.ToString());
    }

    [TestMethod]
    public async Task TreeJson_Parses_WithTotalsAndStates()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a/x.bin", 1000, 1);
        repo.WriteRandom("data/a/y.bin", 2000, 2);
        repo.WriteRandom("data/b/z.bin", 3000, 3);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push", "data/a");

        var json = await repo.RunOkAsync("tree", "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.AreEqual(3, root.GetProperty("total_files").GetInt32());
        Assert.AreEqual(6000, root.GetProperty("total_size").GetInt64());
        var data = root.GetProperty("children").EnumerateArray().Single();
        Assert.AreEqual("data", data.GetProperty("path").GetString());
        var a = data.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("path").GetString() == "data/a");
        Assert.AreEqual(2, a.GetProperty("files").GetInt32());
        Assert.AreEqual(3000, a.GetProperty("size").GetInt64());
        Assert.AreEqual(2, a.GetProperty("states").GetProperty("synced").GetInt32());
        var b = data.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("path").GetString() == "data/b");
        Assert.AreEqual(1, b.GetProperty("states").GetProperty("added").GetInt32());
    }
}
