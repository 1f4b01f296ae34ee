using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// FindDataNamespaces run in-process on a real monorepo: the namespace manifests handed to the analyzer, and a broken
/// export.json as a warning that never stops a compile.
/// </summary>
[TestClass]
public sealed class FindDataNamespacesTests
{
    private TempWorld world = null!;

    [TestInitialize]
    public void CreateRepository() => world = TempWorld.CreateRepository();

    [TestCleanup]
    public void DeleteRepository() => world.Dispose();

    private (FindDataNamespaces Task, TestBuildEngine Engine) Find(string? ownManifest = null)
    {
        var engine = new TestBuildEngine();
        var task = new FindDataNamespaces
        {
            BuildEngine = engine,
            ProjectFile = world.PathOf("libs/app/App.csproj"),
            ExportFile = world.PathOf("export.json"),
            OwnManifest = ownManifest,
        };
        return (task, engine);
    }

    [TestMethod]
    public void EveryNamespaceManifest_ButTheProjectsOwn_WithItsName()
    {
        world.AddNamespace("libs/shared");
        world.AddNamespace("libs/words");
        world.AddNamespace("libs/app");
        world.WriteExportMap(("words", "libs/words"), ("shared", "libs/shared"), ("app", "libs/app"));
        var (task, engine) = Find(ownManifest: world.PathOf("libs/app/artifacts.json"));
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.IsEmpty(engine.Warnings, engine.Describe());
        CollectionAssert.AreEqual(new[] { world.PathOf("libs/shared/artifacts.json"), world.PathOf("libs/words/artifacts.json") }, task.Manifests.Select(m => m.ItemSpec).ToArray());
        CollectionAssert.AreEqual(new[] { "shared", "words" }, task.Manifests.Select(m => m.GetMetadata("DataTasksNamespace")).ToArray());
    }

    [TestMethod]
    public void BrokenExportJson_IsWarningDT0701_AndTheTaskSucceeds()
    {
        world.Write("export.json", "{ \"shared\": ");
        var (task, engine) = Find();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.IsEmpty(engine.Errors);
        Assert.AreEqual("DT0701", engine.Warnings.Single().Code, engine.Describe());
        Assert.AreEqual(world.PathOf("export.json"), engine.Warnings[0].File);
        Assert.IsEmpty(task.Manifests);
    }

    [TestMethod]
    public void NamespaceWithoutManifest_IsWarningDT0704_AndTheOthersAreStillFound()
    {
        world.AddNamespace("libs/shared");
        Directory.CreateDirectory(world.PathOf("libs/empty"));
        world.WriteExportMap(("shared", "libs/shared"), ("empty", "libs/empty"));
        var (task, engine) = Find();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual("DT0704", engine.Warnings.Single().Code, engine.Describe());
        Assert.AreEqual("shared", task.Manifests.Single().GetMetadata("DataTasksNamespace"));
    }

    /// <summary>Core's namespace-name rule, as the SDK applies it: the same DT0701 as the CLI and Resolve.</summary>
    [TestMethod]
    public void BadNamespaceName_IsWarningDT0701()
    {
        world.AddNamespace("libs/shared");
        world.Write("export.json", "{\"bad name\": \"libs/shared\"}");
        var (task, engine) = Find();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual("DT0701", engine.Warnings.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Warnings[0].Message, "bad namespace name 'bad name'");
    }
}
