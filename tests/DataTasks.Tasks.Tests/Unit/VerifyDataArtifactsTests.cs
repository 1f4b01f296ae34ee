using DataTasks.Tasks.Tests.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>VerifyDataArtifacts run in-process on a real repository: the CI check re-hashes every selected file.</summary>
[TestClass]
public sealed class VerifyDataArtifactsTests
{
    private static readonly byte[] Model = TestBytes.Seeded(3000, 1);
    private static readonly byte[] Table = TestBytes.Seeded(100, 2);

    private TempWorld world = null!;

    [TestInitialize]
    public void CreateRepository()
    {
        world = TempWorld.CreateRepository();
        world.Track("data/models/a.onnx", Model);
        world.Track("data/fixtures/c.csv", Table);
        world.WriteBytes("data/models/a.onnx", Model);
        world.WriteBytes("data/fixtures/c.csv", Table);
    }

    [TestCleanup]
    public void DeleteRepository() => world.Dispose();

    private (VerifyDataArtifacts Task, TestBuildEngine Engine) Verify(params ITaskItem[] files)
    {
        var engine = new TestBuildEngine();
        var task = new VerifyDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = world.PathOf("src/App/App.csproj"),
            RepositoryRoot = world.Root,
            Files = files.Length > 0 ? files : [new TaskItem(world.PathOf("data/models/a.onnx")), new TaskItem(world.PathOf("data/fixtures/c.csv"))],
        };
        return (task, engine);
    }

    [TestMethod]
    public void MatchingFiles_Pass_WithASummary()
    {
        var (task, engine) = Verify();
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.IsEmpty(engine.Errors);
        Assert.IsTrue(engine.Messages.Any(m => m.Message!.StartsWith("DataTasks: App: verified 2 files (", StringComparison.Ordinal) && m.Message.EndsWith("): 0 mismatched, 0 not on disk", StringComparison.Ordinal)),
            string.Join('\n', engine.Messages.Select(m => m.Message)));
    }

    [TestMethod]
    public void EditedFile_IsDT0303_AtTheFile()
    {
        File.WriteAllText(world.PathOf("data/fixtures/c.csv"), "edited by hand");
        var (task, engine) = Verify();
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("DT0303", error.Code, engine.Describe());
        Assert.AreEqual(world.PathOf("data/fixtures/c.csv"), error.File);
        StringAssert.Contains(error.Message, "data/fixtures/c.csv does not match artifacts.json");
    }

    [TestMethod]
    public void EditedFileWithTheSameSizeAndTime_IsStillFound_TheStatCacheIsNotTrusted()
    {
        // Hydration records the file in the stat cache; an edit that keeps size and time fools that record, not verify.
        var path = world.PathOf("data/models/a.onnx");
        File.Delete(path);
        var hydrate = new HydrateDataArtifacts { BuildEngine = new TestBuildEngine(), ProjectFile = world.PathOf("src/App/App.csproj"), RepositoryRoot = world.Root, Files = [new TaskItem(path)], CacheDirectory = world.Cache };
        Assert.IsTrue(hydrate.Execute());
        Assert.AreEqual(1, hydrate.Downloaded);
        var before = File.GetLastWriteTimeUtc(path);
        var edited = (byte[])Model.Clone();
        edited[^1] ^= 0xff;
        File.WriteAllBytes(path, edited);
        File.SetLastWriteTimeUtc(path, before);
        var (task, engine) = Verify();
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0303", engine.Errors.Single().Code, engine.Describe());
    }

    [TestMethod]
    public void MissingFile_IsDT0605()
    {
        File.Delete(world.PathOf("data/models/a.onnx"));
        var (task, engine) = Verify();
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("DT0605", error.Code, engine.Describe());
        StringAssert.Contains(error.Message, "data/models/a.onnx is not on disk");
    }

    [TestMethod]
    public void NamespaceFiles_AreVerifiedInTheirOwnRepository()
    {
        var words = TestBytes.Seeded(200, 3);
        world.AddNamespace("libs/shared", ("data/words/a.txt", words));
        world.WriteExportMap(("shared", "libs/shared"));
        world.WriteBytes("libs/shared/data/words/a.txt", words);
        var item = new TaskItem(world.PathOf("libs/shared/data/words/a.txt"), new Dictionary<string, string> { ["Extern"] = "shared" });
        var (ok, okEngine) = Verify(item);
        Assert.IsTrue(ok.Execute(), okEngine.Describe());

        File.WriteAllText(world.PathOf("libs/shared/data/words/a.txt"), "edited");
        var (task, engine) = Verify(item);
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0303", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "data/words/a.txt (namespace shared) does not match artifacts.json");
    }

    [TestMethod]
    public void FileOutsideTheRepository_IsDT0603()
    {
        var (task, engine) = Verify(new TaskItem(Path.Join(world.Base, "elsewhere.bin")));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DT0603", engine.Errors.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Errors[0].Message, "is not inside the repository");
    }
}
