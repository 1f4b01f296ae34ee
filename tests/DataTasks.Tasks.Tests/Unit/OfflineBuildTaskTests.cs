using System.Text.Json.Nodes;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// $(DataTasksOffline), the build's spelling of DATATASKS_OFFLINE, in-process: the machine cache still serves, a miss
/// is DT0801 (the code the CLI and the runtime report). Push offline (DT0607) is in PushDataArtifactsTests.
/// </summary>
[TestClass]
public sealed class OfflineBuildTaskTests
{
    private static readonly byte[] Content = TestBytes.Seeded(1200, 31);

    /// <summary>A repository whose one entry is on its folder remote; with <paramref name="cached"/>, also in the machine cache.</summary>
    private static (TempDir Dir, string Repo) Repository(bool cached)
    {
        var dir = new TempDir("dt-tasks-offline");
        var key = TestHash.Sha256(Content);
        dir.Write("remote/" + key, Content);
        dir.Write("repo/.datatasks/config.json", new JsonObject { ["remote"] = dir.Combine("remote") }.ToJsonString());
        var entries = new JsonObject { ["data/a.bin"] = new JsonObject { ["storage_key"] = key, ["size"] = Content.Length, ["created_at"] = "2026-01-02T03:04:05Z" } };
        dir.Write("repo/artifacts.json", new JsonObject { ["version"] = 2, ["entries"] = entries }.ToJsonString() + "\n");
        if (cached)
        {
            // Filled the way a build online fills it.
            var (online, engine) = Hydrate(dir, offline: false);
            Assert.IsTrue(online.Execute(), engine.Describe());
            File.Delete(dir.Combine("repo/data/a.bin"));
        }

        return (dir, dir.Combine("repo"));
    }

    private static (HydrateDataArtifacts Task, TestBuildEngine Engine) Hydrate(TempDir dir, bool offline)
    {
        var engine = new TestBuildEngine();
        var repo = dir.Combine("repo");
        return (new HydrateDataArtifacts
        {
            BuildEngine = engine,
            ProjectFile = Path.Join(repo, "App.csproj"),
            RepositoryRoot = repo,
            Files = [new TaskItem(Path.Join(repo, "data", "a.bin"))],
            CacheDirectory = dir.Combine("cache"),
            Offline = offline,
        }, engine);
    }

    [TestMethod]
    public void Offline_WithTheObjectCached_HydratesFromTheCacheAlone()
    {
        var (dir, repo) = Repository(cached: true);
        using var _ = dir;
        Directory.Delete(dir.Combine("remote"), recursive: true);
        var (task, engine) = Hydrate(dir, offline: true);
        Assert.IsTrue(task.Execute(), engine.Describe());
        Assert.AreEqual(0, task.Downloaded);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(Path.Join(repo, "data", "a.bin")));
    }

    [TestMethod]
    public void Offline_WithoutIt_IsDT0801()
    {
        var (dir, _) = Repository(cached: false);
        using var __ = dir;
        var (task, engine) = Hydrate(dir, offline: true);
        Assert.IsFalse(task.Execute());
        Assert.HasCount(1, engine.Errors, engine.Describe());
        Assert.AreEqual("DT0801", engine.Errors[0].Code);
    }
}
