using DataTasks.Core.Manifest;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>How &lt;DataArtifact&gt; requests select manifest entries, without a build.</summary>
[TestClass]
public sealed class ArtifactSelectionTests
{
    private static readonly string Root = Path.Join(Path.GetTempPath(), "dt-selection-root");
    private static readonly string Project = Path.Join(Root, "src", "App");

    private static DataManifest Manifest(params string[] paths)
    {
        var m = DataManifest.Parse("{\"version\": 2, \"entries\": {}}");
        var key = new string('a', 64);
        foreach (var p in paths)
        {
            m.Set(new ManifestEntry { Path = p, StorageKey = key, Size = 1, CreatedAt = DateTimeOffset.UnixEpoch });
        }

        return m;
    }

    private static ArtifactRequest Item(string spec, params (string Name, string Value)[] metadata) =>
        new(spec, [], metadata.ToDictionary(m => m.Name, m => m.Value, StringComparer.OrdinalIgnoreCase), "App.csproj", 0);

    private static DeclaredArtifact Declared(string include, bool conditional = false, string exclude = "") =>
        new("App.csproj", 7, include, exclude, string.Empty, new Dictionary<string, string>(), conditional);

    [TestMethod]
    public void DroppedGlob_IsRecoveredFromTheXml_AndSelectsFromTheManifest()
    {
        var s = ArtifactSelection.Select(Root, Manifest("data/m/a.onnx", "data/m/x/b.onnx", "data/m/c.txt"), Project, [], [Declared("../../data/m/**/*.onnx")]);
        Assert.AreEqual(0, s.Problems.Count);
        CollectionAssert.AreEqual(new[] { "data/m/a.onnx", "data/m/x/b.onnx" }, s.Selected.Select(x => x.EntryPath).ToArray());
        Assert.AreEqual("data/m/x/b.onnx", s.Selected[1].TargetPath, "by default the copy keeps its manifest path");
        Assert.AreEqual("PreserveNewest", s.Selected[1].Metadata["CopyToOutputDirectory"]);
    }

    [TestMethod]
    public void HalfHydratedGlob_SelectsEveryEntry_NotOnlyTheFilesOnDisk()
    {
        // Evaluation returned only a.onnx (the file on disk) and an untracked file; the XML glob selects both entries.
        var s = ArtifactSelection.Select(Root, Manifest("data/m/a.onnx", "data/m/b.onnx"), Project,
            [Item("../../data/m/a.onnx"), Item("../../data/m/untracked.onnx")], [Declared("../../data/m/*.onnx")]);
        Assert.AreEqual(0, s.Problems.Count, string.Join("\n", s.Problems));
        Assert.AreEqual(2, s.Selected.Count);
    }

    [TestMethod]
    public void NothingSelected_IsDT0601AtTheDeclaration()
    {
        var s = ArtifactSelection.Select(Root, Manifest("data/m/a.onnx"), Project, [Item("../../data/typo.onnx")], [Declared("../../data/x/*.onnx")]);
        CollectionAssert.AreEquivalent(new[] { "DT0601", "DT0601" }, s.Problems.Select(p => p.Code).ToArray());
        Assert.AreEqual(7, s.Problems.Single(p => p.Message.Contains("x/*.onnx", StringComparison.Ordinal)).Line);
    }

    [TestMethod]
    public void ConditionalGlob_WithoutEvaluation_IsAnErrorNotASilentNothing()
    {
        var s = ArtifactSelection.Select(Root, Manifest("data/m/a.onnx"), Project, [], [Declared("../../data/m/*.onnx", conditional: true)]);
        Assert.AreEqual(0, s.Selected.Count);
        Assert.IsFalse(s.Problems.Single().IsWarning);
        Assert.AreEqual("DT0606", s.Problems.Single().Code);
        Assert.AreEqual(7, s.Problems.Single().Line);
    }

    [TestMethod]
    public void PropertyAndConditionalGlobs_AreDecidedByMSBuildsEvaluation()
    {
        // Evaluation expanded $(ModelDir) and kept the conditional element whose condition held; the element whose
        // condition was false is absent from its globs, and selects nothing without an error.
        Assert.IsTrue(ArtifactSelection.NeedsEvaluation([Declared("$(ModelDir)/*.onnx")]));
        Assert.IsTrue(ArtifactSelection.NeedsEvaluation([Declared("../../data/m/*.onnx", conditional: true)]));
        Assert.IsFalse(ArtifactSelection.NeedsEvaluation([Declared("../../data/m/*.onnx"), Declared("$(ModelDir)/a.onnx")]));
        var declared = new[]
        {
            new DeclaredArtifact("App.csproj", 7, "$(ModelDir)/*.onnx", string.Empty, string.Empty, new Dictionary<string, string>(), false),
            new DeclaredArtifact("App.csproj", 9, "../../data/t/*.txt", string.Empty, string.Empty, new Dictionary<string, string>(), true),
            new DeclaredArtifact("App.csproj", 11, "../../data/r/*.txt", string.Empty, string.Empty, new Dictionary<string, string>(), true),
        };
        EvaluatedGlob[] globs =
        [
            new("App.csproj", 7, [Path.Join(Root, "data/m") + "/*.onnx"], [Path.Join(Root, "data/m/skip.onnx")], new Dictionary<string, string> { ["Link"] = "models/" }),
            new("App.csproj", 9, ["../../data/t/*.txt"], [], new Dictionary<string, string>()),
        ];
        var s = ArtifactSelection.Select(Root, Manifest("data/m/a.onnx", "data/m/skip.onnx", "data/t/t.txt", "data/r/r.txt"), Project, [], declared, evaluatedGlobs: globs);
        Assert.AreEqual(0, s.Problems.Count, string.Join("\n", s.Problems));
        CollectionAssert.AreEqual(new[] { "data/m/a.onnx", "data/t/t.txt" }, s.Selected.Select(x => x.EntryPath).ToArray());
        Assert.AreEqual("models/a.onnx", s.Selected[0].TargetPath);

        // A glob evaluation kept that matches no entry is DT0601 at its line.
        var none = ArtifactSelection.Select(Root, Manifest("data/t/t.txt"), Project, [], declared, evaluatedGlobs: globs);
        Assert.AreEqual("DT0601", none.Problems.Single().Code);
        Assert.AreEqual(7, none.Problems.Single().Line);
    }

    [TestMethod]
    public void FolderWithLink_KeepsTheLayoutBelowTheFolder_AndPackPathFollows()
    {
        var s = ArtifactSelection.Select(Root, Manifest("data/m/a.onnx", "data/m/x/b.onnx", "data/other.bin"), Project,
            [Item("../../data/m", ("Link", "models"), ("Pack", "true"))], []);
        CollectionAssert.AreEqual(new[] { "models/a.onnx", "models/x/b.onnx" }, s.Selected.Select(x => x.TargetPath).ToArray());
        Assert.AreEqual("models/x/b.onnx", s.Selected[1].Metadata["PackagePath"]);
    }

    [TestMethod]
    public void EscapedGlob_Excludes_AndBadCopyValue()
    {
        var s = ArtifactSelection.Select(Root, Manifest("data/a.bin", "data/b.bin"), Project, [], [Declared("../../data/*.bin", exclude: "../../data/b.bin")]);
        CollectionAssert.AreEqual(new[] { "data/a.bin" }, s.Selected.Select(x => x.EntryPath).ToArray());

        var bad = ArtifactSelection.Select(Root, Manifest("data/a.bin"), Project, [Item("../../data/*.bin", ("CopyToOutputDirectory", "Sometimes"))], []);
        Assert.AreEqual("DT0603", bad.Problems.Single().Code);
    }

    [TestMethod]
    public void OutsideTheRepository_IsDT0003()
    {
        var s = ArtifactSelection.Select(Root, Manifest("data/a.bin"), Project, [Item("../../../elsewhere/a.bin")], []);
        Assert.AreEqual("DT0003", s.Problems.Single().Code);
    }

    [TestMethod]
    public void Extern_SpecsAreNamespacePaths_AndCopiesGoUnderExternNamespace()
    {
        var ns = Path.Join(Root, "libs", "shared");
        var s = ArtifactSelection.Select(ns, Manifest("data/w/a.txt", "data/w/b.txt", "data/x.bin"), ns, [Item("data/x.bin", ("Link", "x/"))], [Declared("data/w/*.txt")], "shared");
        Assert.AreEqual(0, s.Problems.Count, string.Join("\n", s.Problems));
        CollectionAssert.AreEqual(new[] { "extern/shared/data/w/a.txt", "extern/shared/data/w/b.txt", "x/x.bin" }, s.Selected.Select(x => x.TargetPath).ToArray());
        Assert.IsTrue(s.Selected.All(x => x.Metadata["Extern"] == "shared"));
        Assert.IsFalse(s.Selected[0].Metadata.ContainsKey("Link"), "no Link unless one was given");
        Assert.AreEqual(Path.Join(ns, "data", "w", "a.txt"), s.Selected[0].FullPath);
    }

    [TestMethod]
    public void Extern_TheWholeNamespace_OrAPathLeavingIt_IsAnError()
    {
        var ns = Path.Join(Root, "libs", "shared");
        var whole = ArtifactSelection.Select(ns, Manifest("data/w/a.txt"), ns, [Item(".")], [], "shared");
        Assert.AreEqual("DT0603", whole.Problems.Single().Code);
        var leaving = ArtifactSelection.Select(ns, Manifest("data/w/a.txt"), ns, [Item("../../data/w/a.txt")], [], "shared");
        StringAssert.Contains(leaving.Problems.Single().Message, "leaves that namespace's repository");
        Assert.AreEqual(0, leaving.Selected.Count + whole.Selected.Count);
    }

    [TestMethod]
    [DataRow("data/*")]
    [DataRow("data/**")]
    [DataRow("data/*/b?.bin")]
    [DataRow("data/[x]*.bin")]
    public void GlobSelection_IsCoresEntryGlob_TheRuleOfPullPattern(string glob)
    {
        string[] paths = ["data/a.bin", "data/sub/b1.bin", "data/sub/deep/b2.bin", "data/[x]1.bin", "data/x1.bin", "other/a.bin"];
        var s = ArtifactSelection.Select(Root, Manifest(paths), Root, [], [Declared(glob)]);
        var expected = DataTasks.Core.Patterns.EntryGlob.Parse(glob).Select(paths).Order(StringComparer.Ordinal).ToArray();
        Assert.IsTrue(expected.Length > 0);
        CollectionAssert.AreEqual(expected, s.Selected.Select(x => x.EntryPath).ToArray(), glob);
    }
}
