using System.Text.Json.Nodes;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// The build's remote rule is the one every front shares: the project's repository's own configuration, else the
/// monorepo root's (beside export.json), else DT0201.
/// </summary>
[TestClass]
public sealed class RemoteFallbackHydrateTests
{
    private static readonly byte[] Content = TestBytes.Seeded(1500, 11);

    /// <summary>mono/export.json, mono/app (the project's repository, no remote of its own) and a folder remote holding the object.</summary>
    private static (TempDir Dir, string Repo) Monorepo(bool rootRemote)
    {
        var dir = new TempDir("dt-tasks-fallback");
        var remote = dir.Combine("remote");
        dir.Write("remote/" + TestHash.Sha256(Content), Content);
        dir.Write("mono/export.json", """{"app": "app"}""");
        if (rootRemote)
        {
            dir.Write("mono/.datatasks/config.json", new JsonObject { ["remote"] = remote }.ToJsonString());
        }

        var entries = new JsonObject { ["data/a.bin"] = new JsonObject { ["storage_key"] = TestHash.Sha256(Content), ["size"] = Content.Length, ["created_at"] = "2026-01-02T03:04:05Z" } };
        dir.Write("mono/app/artifacts.json", new JsonObject { ["version"] = 2, ["entries"] = entries }.ToJsonString() + "\n");
        return (dir, dir.Combine("mono/app"));
    }

    private static (HydrateDataArtifacts Task, TestBuildEngine Engine) Task(TempDir dir, string repo)
    {
        var engine = new TestBuildEngine();
        var task = new HydrateDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = Path.Join(repo, "App.csproj"),
            RepositoryRoot = repo,
            Files = [new TaskItem(Path.Join(repo, "data", "a.bin"))],
            CacheDirectory = dir.Combine("cache"),
        };
        return (task, engine);
    }

    [TestMethod]
    public void AProjectRepositoryWithoutARemote_HydratesFromTheMonorepoRoots()
    {
        var (dir, repo) = Monorepo(rootRemote: true);
        using var _ = dir;
        var (task, engine) = Task(dir, repo);
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(1, task.Downloaded);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(Path.Join(repo, "data", "a.bin")));
    }

    [TestMethod]
    public void NoRemoteAnywhere_IsOneDT0201()
    {
        var (dir, repo) = Monorepo(rootRemote: false);
        using var _ = dir;
        var (task, engine) = Task(dir, repo);
        Assert.IsFalse(task.Execute());
        Assert.HasCount(1, engine.Errors, engine.Describe());
        Assert.AreEqual("DT0201", engine.Errors[0].Code);
        StringAssert.Contains(engine.Errors[0].Message, "monorepo root");
    }
}
