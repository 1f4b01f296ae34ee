using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// HydrateDataArtifacts run in-process on a real temp repository with a real folder remote: the scenarios of the
/// end-to-end DiagnosticsTests that need no child build.
/// </summary>
[TestClass]
public sealed class HydrateDataArtifactsTests
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(1000);

    private string root = string.Empty;

    private string Repo => Path.Join(root, "repo");

    private string Remote => Path.Join(root, "remote");

    private string Cache => Path.Join(root, "cache");

    [TestInitialize]
    public void CreateRepository()
    {
        root = Path.Join(Path.GetTempPath(), "dt-tasks-unit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(Repo, ".datatasks"));
        Directory.CreateDirectory(Remote);
        var key = Convert.ToHexString(SHA256.HashData(Content)).ToLowerInvariant();
        File.WriteAllBytes(Path.Join(Remote, key), Content);
        File.WriteAllText(Path.Join(Repo, ".datatasks", "config.json"), new JsonObject { ["remote"] = Remote }.ToJsonString());
        var entries = new JsonObject { ["data/a.bin"] = new JsonObject { ["storage_key"] = key, ["size"] = Content.Length, ["created_at"] = "2026-01-02T03:04:05Z" } };
        File.WriteAllText(Path.Join(Repo, "artifacts.json"), new JsonObject { ["version"] = 2, ["entries"] = entries }.ToJsonString() + "\n");
    }

    [TestCleanup]
    public void DeleteRepository() => Directory.Delete(root, recursive: true);

    private (HydrateDataArtifacts Task, TestBuildEngine Engine) Task(bool offline)
    {
        var engine = new TestBuildEngine();
        var task = new HydrateDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = Path.Join(Repo, "App", "App.csproj"),
            RepositoryRoot = Repo,
            Files = [new TaskItem(Path.Join(Repo, "data", "a.bin"))],
            CacheDirectory = Cache,
            StampFile = Path.Join(Repo, "App", "obj", "hydrate.stamp"),
            Offline = offline,
        };
        return (task, engine);
    }

    [TestMethod]
    public void Online_FetchesFromTheFolderRemote_ThenIsUpToDate()
    {
        var (task, engine) = Task(offline: false);
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(1, task.Downloaded);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(Path.Join(Repo, "data", "a.bin")));
        Assert.IsTrue(File.Exists(task.StampFile));

        var (again, againEngine) = Task(offline: false);
        Assert.IsTrue(again.Execute(), againEngine.Describe());
        Assert.AreEqual(0, again.Downloaded, "a second run finds the file in place");
    }

    [TestMethod]
    public void Offline_WithAnEmptyCache_IsOneDT0801_AndFetchesNothing()
    {
        var (task, engine) = Task(offline: true);
        Assert.IsFalse(task.Execute());
        Assert.HasCount(1, engine.Errors, engine.Describe());
        Assert.AreEqual("DT0801", engine.Errors[0].Code);
        StringAssert.Contains(engine.Errors[0].Message, "cannot hydrate data/a.bin: network access is off (DataTasksOffline is true)");
        Assert.IsFalse(File.Exists(Path.Join(Repo, "data", "a.bin")));
        Assert.IsFalse(File.Exists(task.StampFile), "no stamp after a failure");
    }

    [TestMethod]
    public void BrokenManifest_IsDT0101_AtArtifactsJsonAndItsLine()
    {
        File.WriteAllText(Path.Join(Repo, "artifacts.json"), "{\n  \"version\": 2,\n  \"entries\": {,\n}\n");
        var (task, engine) = Task(offline: false);
        Assert.IsFalse(task.Execute());
        Assert.HasCount(1, engine.Errors, engine.Describe());
        Assert.AreEqual("DT0101", engine.Errors[0].Code);
        Assert.AreEqual(Path.Join(Repo, "artifacts.json"), engine.Errors[0].File);
        Assert.AreEqual(3, engine.Errors[0].LineNumber);
    }
}
