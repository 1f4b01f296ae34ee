using DataTasks.Core.Operations;

namespace DataTasks.Core.Tests.Operations;

[TestClass]
public sealed class PathScopeTests
{
    [TestMethod]
    public void All_ContainsEverything()
    {
        var scope = PathScope.All;
        Assert.IsTrue(scope.IsAll);
        Assert.IsEmpty(scope.Paths);
        Assert.IsTrue(scope.Contains("a"));
        Assert.IsTrue(scope.Contains("deep/down/file.bin"));
        Assert.IsTrue(scope.MayContainUnder("anything"));
        Assert.IsTrue(scope.MayContainUnder(""));
    }

    [TestMethod]
    public void Of_RootPath_IsEverything()
    {
        var scope = PathScope.Of(["data", ""]);
        Assert.IsTrue(scope.IsAll);
        Assert.IsTrue(scope.Contains("other/x"));
    }

    [TestMethod]
    public void Of_Empty_IsEverything()
    {
        Assert.IsTrue(PathScope.Of([]).IsAll);
        Assert.IsTrue(PathScope.Of([], []).IsAll);
    }

    [TestMethod]
    [DataRow("data", true)]
    [DataRow("data/x.bin", true)]
    [DataRow("data/sub/x.bin", true)]
    [DataRow("database/x.bin", false)]
    [DataRow("data.bin", false)]
    [DataRow("dat", false)]
    [DataRow("Data/x.bin", false)]
    [DataRow("other/data/x.bin", false)]
    [DataRow("models/a.onnx", true)]
    [DataRow("models/a.onnx.bak", false)]
    [DataRow("models/a.onnx/inner", true)]
    [DataRow("models", false)]
    public void Contains_NamedFoldersAndFiles(string path, bool expected)
    {
        var scope = PathScope.Of(["data", "models/a.onnx"]);
        Assert.IsFalse(scope.IsAll);
        CollectionAssert.AreEqual(new[] { "data", "models/a.onnx" }, scope.Paths.ToArray());
        Assert.AreEqual(expected, scope.Contains(path));
    }

    [TestMethod]
    [DataRow("", true)]
    [DataRow("data", true)]
    [DataRow("data/raw", true)]
    [DataRow("data/raw/2024", true)]
    [DataRow("data/rawx", false)]
    [DataRow("data/other", false)]
    [DataRow("dat", false)]
    [DataRow("models", false)]
    public void MayContainUnder_PrunesUnrelatedFolders(string directory, bool expected)
    {
        var scope = PathScope.Of(["data/raw"]);
        Assert.AreEqual(expected, scope.MayContainUnder(directory));
    }

    [TestMethod]
    public void Globs_NarrowTheScope_WithMSBuildRules()
    {
        // Globs are MSBuild-style and relative to the repository root, as in <DataArtifact Include>: '*' stays in one
        // folder, '**' spans folders (issue 14: one glob language for selecting entries).
        var deep = PathScope.Of(["data"], ["data/**/*.csv"]);
        Assert.IsFalse(deep.IsAll);
        Assert.IsTrue(deep.Contains("data/a.csv"));
        Assert.IsTrue(deep.Contains("data/sub/b.csv"));
        Assert.IsFalse(deep.Contains("data/a.bin"), "not matched by the globs");
        Assert.IsFalse(deep.Contains("other/a.csv"), "outside the named folder");

        var shallow = PathScope.Of(["data"], ["data/*.csv"]);
        Assert.IsTrue(shallow.Contains("data/a.csv"));
        Assert.IsFalse(shallow.Contains("data/sub/b.csv"), "'*' does not cross a folder");
    }

    [TestMethod]
    public void GlobsOnly_ApplyToTheWholeRepository()
    {
        var scope = PathScope.Of([], ["models/**"]);

        Assert.IsFalse(scope.IsAll);
        Assert.IsEmpty(scope.Paths);
        Assert.IsTrue(scope.Contains("models/a/b.onnx"));
        Assert.IsFalse(scope.Contains("data/models/a"));
        Assert.IsTrue(scope.MayContainUnder("data"), "globs do not prune walks");
    }
}
