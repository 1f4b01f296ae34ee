using DataTasks.Tasks.Tests.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// ResolveDataArtifacts run in-process on a real git repository with a real manifest: what a build selects, where its
/// diagnostics point, and the extern-namespace problems the end-to-end tests once found with a build each.
/// </summary>
[TestClass]
public sealed class ResolveDataArtifactsTests
{
    private TempWorld world = null!;

    [TestInitialize]
    public void CreateRepository() => world = TempWorld.CreateRepository();

    [TestCleanup]
    public void DeleteRepository() => world.Dispose();

    /// <summary>Writes src/App/App.csproj with <paramref name="items"/> on line 3 and returns its full path.</summary>
    private string Project(string items)
    {
        world.Write("src/App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);
        return world.PathOf("src/App/App.csproj");
    }

    /// <summary>An item as MSBuild's evaluation passes it in @(DataArtifact): a literal spec with its metadata.</summary>
    private static TaskItem Evaluated(string spec, params (string Name, string Value)[] metadata) =>
        new(spec, metadata.ToDictionary(m => m.Name, m => m.Value));

    private (ResolveDataArtifacts Task, TestBuildEngine Engine) Resolve(string project, params ITaskItem[] artifacts)
    {
        var engine = new TestBuildEngine();
        var task = new ResolveDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = project,
            Artifacts = artifacts,
            IntermediateDirectory = Path.Join(Path.GetDirectoryName(project)!, "obj"),
        };
        return (task, engine);
    }

    [TestMethod]
    public void FreshClone_GlobAndPath_SelectManifestEntries_WithTheirCopyMetadata()
    {
        world.Track("data/models/a.onnx", TestBytes.Seeded(300, 1));
        world.Track("data/models/sub/b.onnx", TestBytes.Seeded(200, 2));
        world.Track("data/fixtures/c.csv", TestBytes.Seeded(100, 3));
        world.Track("data/unrelated.bin", TestBytes.Seeded(10, 4));
        var project = Project("""
            <DataArtifact Include="../../data/models/**/*.onnx" />
            <DataArtifact Include="../../data/fixtures/c.csv" Link="fixtures/c.csv" />
            """);

        // Evaluation dropped the glob (no file on disk) and kept the literal path.
        var (task, engine) = Resolve(project, Evaluated("../../data/fixtures/c.csv", ("Link", "fixtures/c.csv")));
        Assert.IsTrue(task.Execute(), engine.Describe());

        CollectionAssert.AreEqual(
            new[] { "data/fixtures/c.csv", "data/models/a.onnx", "data/models/sub/b.onnx" }.Select(world.PathOf).ToArray(),
            task.Files.Select(f => f.ItemSpec).ToArray());
        CollectionAssert.AreEqual(new[] { "fixtures/c.csv", "data/models/a.onnx", "data/models/sub/b.onnx" }, task.Files.Select(f => f.GetMetadata("TargetPath")).ToArray());
        Assert.IsTrue(task.Files.All(f => f.GetMetadata("CopyToOutputDirectory") == "PreserveNewest"));
        Assert.AreEqual(world.Root, task.RepositoryRoot);
        StringAssert.Matches(Path.GetFileName(task.StampFile), new System.Text.RegularExpressions.Regex("^DataTasks\\.[0-9a-f]{16}\\.stamp$"));
        Assert.AreEqual(Path.Join(Path.GetDirectoryName(project)!, "obj"), Path.GetDirectoryName(task.StampFile));
        Assert.IsFalse(Directory.Exists(world.PathOf("data")), "resolving never hydrates");
        Assert.IsFalse(File.Exists(task.StampFile), "resolving names the stamp; hydration writes it");
    }

    [TestMethod]
    public void Stamp_IsTheSameForTheSameEntries_AndChangesWithAKey()
    {
        world.Track("data/a.bin", TestBytes.Seeded(100, 1));
        var project = Project("""<DataArtifact Include="../../data/*.bin" />""");
        string Stamp()
        {
            var (task, engine) = Resolve(project);
            Assert.IsTrue(task.Execute(), engine.Describe());
            return task.StampFile;
        }

        var first = Stamp();
        Assert.AreEqual(first, Stamp());
        world.Track("data/a.bin", TestBytes.Seeded(100, 2));
        Assert.AreNotEqual(first, Stamp(), "a new key must make the hydrate target run again");
    }

    [TestMethod]
    public void GlobSelectingNothing_IsDT0601_AtTheItemsLine()
    {
        world.Track("data/models/a.onnx", TestBytes.Seeded(100, 1));
        var project = Project("""<DataArtifact Include="../../data/modles/*.onnx" />""");
        var (task, engine) = Resolve(project);
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("DT0601", error.Code, engine.Describe());
        Assert.AreEqual(project, error.File);
        Assert.AreEqual(3, error.LineNumber);
        StringAssert.Contains(error.Message, "DataArtifact '../../data/modles/*.onnx' selects no entry of artifacts.json");
        Assert.IsEmpty(task.Files);
    }

    [TestMethod]
    public void NoDataArtifact_NeedsNoManifest_AndSelectsNothing()
    {
        File.Delete(world.ManifestPath);
        var (task, engine) = Resolve(Project(string.Empty));
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.IsEmpty(task.Files);
        Assert.AreEqual(string.Empty, task.RepositoryRoot);
    }

    [TestMethod]
    public void BrokenManifest_IsDT0101_AtArtifactsJsonAndItsLine()
    {
        var project = Project("""<DataArtifact Include="../../data/*.bin" />""");
        File.WriteAllText(world.ManifestPath, "{\n  \"version\": 2,\n  \"entries\": {,\n}\n");
        var (task, engine) = Resolve(project);
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("DT0101", error.Code, engine.Describe());
        Assert.AreEqual(world.ManifestPath, error.File);
        Assert.AreEqual(3, error.LineNumber);
    }

    [TestMethod]
    public void ManifestSettingNamingNoArtifactsJson_IsDT0603()
    {
        world.Track("data/a.bin", TestBytes.Seeded(100, 1));
        var (task, engine) = Resolve(Project("""<DataArtifact Include="../../data/*.bin" />"""));
        task.Manifest = "../../elsewhere";
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0603", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "DataTasksManifest '../../elsewhere' is not an artifacts.json");
    }

    [TestMethod]
    public void SelectionCache_IsWrittenOnSuccess_AndRemovedByAFailedResolve()
    {
        world.Track("data/a.bin", TestBytes.Seeded(100, 1));
        var project = Project("""<DataArtifact Include="../../data/*.bin" />""");
        var cache = Path.Join(Path.GetDirectoryName(project)!, "obj", "App.DataTasks.g.props");
        var (task, engine) = Resolve(project);
        task.SelectionCacheFile = cache;
        task.Fingerprint = "1234";
        Assert.IsTrue(task.Execute(), engine.Describe());
        var xml = System.Xml.Linq.XDocument.Load(cache);
        Assert.AreEqual("1234", xml.Descendants("_DataTasksCachedFingerprint").Single().Value);
        StringAssert.Contains(xml.Descendants("_DataTasksCachedFiles").Single().Value, world.PathOf("data/a.bin"));

        Project("""<DataArtifact Include="../../data/*.txt" />""");
        var (failed, failedEngine) = Resolve(project);
        failed.SelectionCacheFile = cache;
        failed.Fingerprint = "5678";
        Assert.IsFalse(failed.Execute());
        Assert.AreEqual("DT0601", failedEngine.Errors.Single().Code);
        Assert.IsFalse(File.Exists(cache), "a failed resolve must not leave an earlier selection to stand in for it");
    }

    [TestMethod]
    public void ExternItems_SelectFromTheNamespacesManifest_AndCopyUnderExtern()
    {
        world.Track("data/models/a.onnx", TestBytes.Seeded(300, 1));
        world.AddNamespace("libs/shared", ("data/words/a.txt", TestBytes.Seeded(20, 2)), ("data/words/b.txt", TestBytes.Seeded(30, 3)), ("data/models/a.onnx", TestBytes.Seeded(50, 4)), ("data/other.bin", TestBytes.Seeded(10, 5)));
        world.WriteExportMap(("shared", "libs/shared"));
        var project = Project("""
            <DataArtifact Include="../../data/models/a.onnx" />
            <DataArtifact Include="data/words/*.txt" Extern="shared" />
            <DataArtifact Include="data/models/a.onnx" Extern="shared" />
            """);
        var (task, engine) = Resolve(project, Evaluated("../../data/models/a.onnx"), Evaluated("data/models/a.onnx", ("Extern", "shared")));
        Assert.IsTrue(task.Execute(), engine.Describe());

        var shared = world.PathOf("libs/shared");
        CollectionAssert.AreEqual(
            new[] { world.PathOf("data/models/a.onnx"), Path.Join(shared, "data", "models", "a.onnx"), Path.Join(shared, "data", "words", "a.txt"), Path.Join(shared, "data", "words", "b.txt") },
            task.Files.Select(f => f.ItemSpec).ToArray());
        CollectionAssert.AreEqual(
            new[] { "data/models/a.onnx", "extern/shared/data/models/a.onnx", "extern/shared/data/words/a.txt", "extern/shared/data/words/b.txt" },
            task.Files.Select(f => f.GetMetadata("TargetPath")).ToArray(), "the namespace's a.onnx must not land on the project's own");
        CollectionAssert.AreEqual(new[] { string.Empty, "shared", "shared", "shared" }, task.Files.Select(f => f.GetMetadata("Extern")).ToArray());
        Assert.AreEqual(world.Root, task.RepositoryRoot);
    }

    [TestMethod]
    public void ExternOnly_NeedsNoOwnManifest()
    {
        File.Delete(world.ManifestPath);
        world.AddNamespace("libs/shared", ("data/words/a.txt", TestBytes.Seeded(20, 2)));
        world.WriteExportMap(("shared", "libs/shared"));
        var (task, engine) = Resolve(Project("""<DataArtifact Include="data/words/*.txt" Extern="shared" />"""));
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(world.PathOf("libs/shared/data/words/a.txt"), task.Files.Single().ItemSpec);
        Assert.AreEqual(string.Empty, task.RepositoryRoot);
    }

    [TestMethod]
    public void UnknownNamespace_IsDT0702_AtTheItem_NamingTheKnownOnes()
    {
        world.AddNamespace("libs/shared", ("data/words/a.txt", TestBytes.Seeded(30, 2)));
        world.WriteExportMap(("shared", "libs/shared"));
        var project = Project("""<DataArtifact Include="data/words/*.txt" Extern="sharde" />""");
        var (task, engine) = Resolve(project);
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("DT0702", error.Code, engine.Describe());
        Assert.AreEqual(project, error.File);
        Assert.AreEqual(3, error.LineNumber);
        StringAssert.Contains(error.Message, "DataArtifact Extern=\"sharde\": unknown namespace 'sharde'");
        StringAssert.Contains(error.Message, "known: shared");
    }

    [TestMethod]
    public void ExternGlobSelectingNothing_IsDT0601_NamingTheNamespace()
    {
        world.AddNamespace("libs/shared", ("data/words/a.txt", TestBytes.Seeded(30, 2)));
        world.WriteExportMap(("shared", "libs/shared"));
        var (task, engine) = Resolve(Project("""<DataArtifact Include="data/nothing/*.txt" Extern="shared" />"""));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0601", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "DataArtifact 'data/nothing/*.txt' selects no entry of namespace 'shared'");
    }

    [TestMethod]
    public void TwoFilesCopiedToOnePlace_IsDT0603_NeverOneReplacingTheOther()
    {
        world.Track("extern/shared/data/words/a.txt", TestBytes.Seeded(20, 1));
        world.AddNamespace("libs/shared", ("data/words/a.txt", TestBytes.Seeded(30, 2)));
        world.WriteExportMap(("shared", "libs/shared"));
        var project = Project("""<DataArtifact Include="../../extern/shared/data/words/a.txt" /><DataArtifact Include="data/words/a.txt" Extern="shared" />""");
        var (task, engine) = Resolve(project, Evaluated("../../extern/shared/data/words/a.txt"), Evaluated("data/words/a.txt", ("Extern", "shared")));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0603", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "data/words/a.txt of namespace 'shared' and extern/shared/data/words/a.txt would both be copied to extern/shared/data/words/a.txt");
        Assert.IsEmpty(task.Files);
    }

    [TestMethod]
    public void ExternWithoutExportJson_IsDT0705()
    {
        world.AddNamespace("libs/shared", ("data/words/a.txt", TestBytes.Seeded(30, 2)));
        var (task, engine) = Resolve(Project("""<DataArtifact Include="data/words/a.txt" Extern="shared" />"""), Evaluated("data/words/a.txt", ("Extern", "shared")));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0705", engine.Errors.Single().Code, engine.Describe());
        Assert.IsEmpty(task.Files);
    }
}
