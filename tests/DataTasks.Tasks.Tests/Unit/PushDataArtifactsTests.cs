using DataTasks.Tasks.Tests.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>PushDataArtifacts run in-process on a real repository and a real folder remote (what DataTasksPushOnPack runs).</summary>
[TestClass]
public sealed class PushDataArtifactsTests
{
    private static readonly byte[] Fresh = TestBytes.Seeded(600, 13);

    private TempWorld world = null!;

    [TestInitialize]
    public void CreateRepository()
    {
        world = TempWorld.CreateRepository();
        world.AddUnpushed("data/new/n.bin", Fresh);
    }

    [TestCleanup]
    public void DeleteRepository() => world.Dispose();

    private (PushDataArtifacts Task, TestBuildEngine Engine) Push(params ITaskItem[] files)
    {
        var engine = new TestBuildEngine();
        var task = new PushDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = world.PathOf("src/Tool/Tool.csproj"),
            RepositoryRoot = world.Root,
            Files = files.Length > 0 ? files : [new TaskItem(world.PathOf("data/new/n.bin"))],
        };
        return (task, engine);
    }

    private string Summary(TestBuildEngine engine) =>
        engine.Messages.Select(m => m.Message!).Single(m => m.StartsWith("DataTasks: Tool: pushed ", StringComparison.Ordinal));

    [TestMethod]
    public void AddedFile_IsUploaded_AndItsKeyRecorded()
    {
        Assert.IsNull(world.KeyInManifest("data/new/n.bin"));
        var (task, engine) = Push();
        Assert.IsTrue(task.Execute(), engine.Describe());
        var key = TestHash.Sha256(Fresh);
        Assert.AreEqual(key, world.KeyInManifest("data/new/n.bin"), world.ManifestText);
        CollectionAssert.AreEqual(Fresh, File.ReadAllBytes(Path.Join(world.Remote, key)));
        StringAssert.StartsWith(Summary(engine), "DataTasks: Tool: pushed 1 file (");
        StringAssert.EndsWith(Summary(engine), "0 already on the remote, 0 failed");
    }

    [TestMethod]
    public void PushedAgain_UploadsNothing()
    {
        var (first, firstEngine) = Push();
        Assert.IsTrue(first.Execute(), firstEngine.Describe());
        var key = TestHash.Sha256(Fresh);
        var uploaded = File.GetLastWriteTimeUtc(Path.Join(world.Remote, key));

        var (again, engine) = Push();
        Assert.IsTrue(again.Execute(), engine.Describe());
        StringAssert.StartsWith(Summary(engine), "DataTasks: Tool: pushed 0 files (");
        Assert.AreEqual(uploaded, File.GetLastWriteTimeUtc(Path.Join(world.Remote, key)), "the object was written again");
    }

    [TestMethod]
    public void Offline_IsDT0607_AndUploadsNothing()
    {
        var (task, engine) = Push();
        task.Offline = true;
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0607", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "(DataTasksOffline is true), and pushing needs the remote");
        Assert.IsNull(world.KeyInManifest("data/new/n.bin"));
        Assert.IsEmpty(Directory.GetFiles(world.Remote));
    }

    [TestMethod]
    public void MissingFolderRemote_IsOneDT0203_AndRecordsNothing()
    {
        var (task, engine) = Push();
        task.Remote = Path.Join(world.Base, "no-such-remote");
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0203", engine.Errors.Single().Code, engine.Describe());
        Assert.IsNull(world.KeyInManifest("data/new/n.bin"));
    }

    [TestMethod]
    public void RemoteProperty_WinsOverTheConfiguredRemote()
    {
        var other = Path.Join(world.Base, "other-remote");
        Directory.CreateDirectory(other);
        var (task, engine) = Push();
        task.Remote = other;
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.IsTrue(File.Exists(Path.Join(other, TestHash.Sha256(Fresh))));
        Assert.IsEmpty(Directory.GetFiles(world.Remote));
    }

    [TestMethod]
    public void NamespaceFiles_AreLeftToTheirRepository()
    {
        var words = TestBytes.Seeded(40, 2);
        var sharedRemote = world.AddNamespace("libs/shared");
        world.WriteExportMap(("shared", "libs/shared"));
        world.WriteBytes("libs/shared/data/words/a.txt", words);
        var (task, engine) = Push(new TaskItem(world.PathOf("data/new/n.bin")), new TaskItem(world.PathOf("libs/shared/data/words/a.txt"), new Dictionary<string, string> { ["Extern"] = "shared" }));
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.IsTrue(engine.Messages.Any(m => m.Message!.StartsWith("DataTasks: 1 file of namespace 'shared' is not pushed from here", StringComparison.Ordinal)));
        Assert.IsEmpty(Directory.GetFiles(sharedRemote));
        Assert.AreEqual(TestHash.Sha256(Fresh), world.KeyInManifest("data/new/n.bin"), "the project's own file is still pushed");
    }
}
