using DataTasks.Tasks.Tests.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// HydrateDataArtifacts run in-process on a real repository with a real folder remote: the scenarios of the end-to-end
/// tests that need no child build.
/// </summary>
[TestClass]
public sealed class HydrateDataArtifactsTests
{
    private static readonly byte[] Content = TestBytes.Seeded(1000, 1);

    private TempWorld world = null!;

    private string File0 => world.PathOf("data/a.bin");

    [TestInitialize]
    public void CreateRepository()
    {
        world = TempWorld.CreateRepository();
        world.Track("data/a.bin", Content);
    }

    [TestCleanup]
    public void DeleteRepository() => world.Dispose();

    private (HydrateDataArtifacts Task, TestBuildEngine Engine) Task(bool offline = false, params ITaskItem[] files)
    {
        var engine = new TestBuildEngine();
        var task = new HydrateDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = world.PathOf("App/App.csproj"),
            RepositoryRoot = world.Root,
            Files = files.Length > 0 ? files : [new TaskItem(File0)],
            CacheDirectory = world.Cache,
            StampFile = world.PathOf("App/obj/hydrate.stamp"),
            Offline = offline,
        };
        return (task, engine);
    }

    private static string Summary(TestBuildEngine engine) =>
        engine.Messages.Select(m => m.Message!).Single(m => m.StartsWith("DataTasks: App: ", StringComparison.Ordinal) && m.Contains(" from the remote (", StringComparison.Ordinal));

    [TestMethod]
    public void Online_FetchesFromTheFolderRemote_ThenIsUpToDate()
    {
        var (task, engine) = Task();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(1, task.Downloaded);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(File0));
        Assert.IsTrue(File.Exists(task.StampFile));
        StringAssert.StartsWith(Summary(engine), "DataTasks: App: 1 file: 1 from the remote (");

        var (again, againEngine) = Task();
        Assert.IsTrue(again.Execute(), againEngine.Describe());
        Assert.AreEqual(0, again.Downloaded, "a second run finds the file in place");
        StringAssert.EndsWith(Summary(againEngine), "0 from the machine cache, 1 up to date, 0 failed");
    }

    [TestMethod]
    public void DeletedFile_ComesBackFromTheMachineCache_WithTheRemoteGone()
    {
        var (first, firstEngine) = Task();
        Assert.IsTrue(first.Execute(), firstEngine.Describe());
        File.Delete(File0);
        Directory.Move(world.Remote, world.Remote + ".gone");

        var (task, engine) = Task();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(0, task.Downloaded);
        StringAssert.Contains(Summary(engine), "0 from the remote (0B), 1 from the machine cache");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(File0));
    }

    [TestMethod]
    public void NewVersionOfAnEntry_ReplacesTheStaleFile()
    {
        var (first, firstEngine) = Task();
        Assert.IsTrue(first.Execute(), firstEngine.Describe());
        var next = TestBytes.Seeded(1500, 2);
        world.Track("data/a.bin", next);

        var (task, engine) = Task();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(1, task.Downloaded);
        CollectionAssert.AreEqual(next, File.ReadAllBytes(File0));
    }

    [TestMethod]
    public void LocallyEditedFile_IsWarningDT0303_NeverOverwritten_AndNoStamp()
    {
        world.Write("data/a.bin", "edited by hand");
        var (task, engine) = Task();
        Assert.IsTrue(task.Execute(), engine.Describe());
        var warning = engine.Warnings.Single();
        Assert.AreEqual("DT0303", warning.Code, engine.Describe());
        Assert.AreEqual(File0, warning.File);
        StringAssert.Contains(warning.Message, "data/a.bin differs from artifacts.json and was not overwritten");
        Assert.AreEqual("edited by hand", File.ReadAllText(File0));
        Assert.IsFalse(File.Exists(task.StampFile), "the next build must warn again");
    }

    [TestMethod]
    public void AddedButNeverPushed_IsDT0205()
    {
        world.AddUnpushed("data/new.bin", TestBytes.Seeded(10, 3));
        File.Delete(world.PathOf("data/new.bin"));
        var (task, engine) = Task(files: new TaskItem(world.PathOf("data/new.bin")));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0205", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "data/new.bin was added but never pushed");
    }

    [TestMethod]
    public void NamespaceFiles_ComeFromTheNamespacesOwnRemote_IntoItsTree()
    {
        var words = TestBytes.Seeded(200, 4);
        world.AddNamespace("libs/shared", ("data/words/a.txt", words), ("data/other.bin", TestBytes.Seeded(10, 5)));
        world.WriteExportMap(("shared", "libs/shared"));
        var (task, engine) = Task(files: [new TaskItem(File0), new TaskItem(world.PathOf("libs/shared/data/words/a.txt"), new Dictionary<string, string> { ["Extern"] = "shared" })]);
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(2, task.Downloaded);
        CollectionAssert.AreEqual(words, File.ReadAllBytes(world.PathOf("libs/shared/data/words/a.txt")));
        Assert.IsFalse(File.Exists(world.PathOf("libs/shared/data/other.bin")), "only the selected entries are hydrated");
    }

    [TestMethod]
    public void Offline_WithAnEmptyCache_IsOneDT0801_AndFetchesNothing()
    {
        var (task, engine) = Task(offline: true);
        Assert.IsFalse(task.Execute());
        Assert.HasCount(1, engine.Errors, engine.Describe());
        Assert.AreEqual("DT0801", engine.Errors[0].Code);
        StringAssert.Contains(engine.Errors[0].Message, "cannot hydrate data/a.bin: network access is off (DataTasksOffline is true)");
        Assert.IsFalse(File.Exists(File0));
        Assert.IsFalse(File.Exists(task.StampFile), "no stamp after a failure");
    }

    [TestMethod]
    public void BrokenManifest_IsDT0101_AtArtifactsJsonAndItsLine()
    {
        File.WriteAllText(world.ManifestPath, "{\n  \"version\": 2,\n  \"entries\": {,\n}\n");
        var (task, engine) = Task();
        Assert.IsFalse(task.Execute());
        Assert.HasCount(1, engine.Errors, engine.Describe());
        Assert.AreEqual("DT0101", engine.Errors[0].Code);
        Assert.AreEqual(world.ManifestPath, engine.Errors[0].File);
        Assert.AreEqual(3, engine.Errors[0].LineNumber);
    }
}
