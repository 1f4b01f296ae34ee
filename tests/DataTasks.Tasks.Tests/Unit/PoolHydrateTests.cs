using System.Text.Json.Nodes;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// HydrateDataArtifacts probes the repository's read pools like the CLI and the runtime: a pool hit is not a download,
/// a corrupt pool copy is warning DT1011 (the remote serves it instead) and stays in the pool, a missing pool is
/// warning DT1010.
/// </summary>
[TestClass]
public sealed class PoolHydrateTests
{
    private static readonly byte[] Content = TestBytes.Seeded(1500, 61);

    /// <summary>A repository with one entry; its object is in the pool (as <paramref name="poolBytes"/>) and, with <paramref name="onRemote"/>, on the remote.</summary>
    private static (TempDir Dir, string Repo) Repository(byte[] poolBytes, bool onRemote, params string[] extraPools)
    {
        var dir = new TempDir("dt-tasks-pools");
        var key = TestHash.Sha256(Content);
        dir.Write("pool/objects/" + key[..2] + "/" + key, poolBytes);
        Directory.CreateDirectory(dir.Combine("remote"));
        if (onRemote)
        {
            dir.Write("remote/" + key, Content);
        }

        var pools = new JsonArray([.. extraPools.Select(p => (JsonNode)JsonValue.Create(dir.Combine(p))!), JsonValue.Create(dir.Combine("pool"))]);
        dir.Write("repo/.datatasks/config.json", new JsonObject { ["remote"] = dir.Combine("remote"), ["pools"] = pools }.ToJsonString());
        var entries = new JsonObject { ["data/a.bin"] = new JsonObject { ["storage_key"] = key, ["size"] = Content.Length, ["created_at"] = "2026-01-02T03:04:05Z" } };
        dir.Write("repo/artifacts.json", new JsonObject { ["version"] = 2, ["entries"] = entries }.ToJsonString() + "\n");
        return (dir, dir.Combine("repo"));
    }

    private static (HydrateDataArtifacts Task, TestBuildEngine Engine) Hydrate(TempDir dir)
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
        }, engine);
    }

    [TestMethod]
    public void Hydrate_TakesTheObjectFromAPool_AndWarnsOfAMissingOne()
    {
        var (dir, repo) = Repository(Content, onRemote: false, "unmounted");
        using var _ = dir;
        var (task, engine) = Hydrate(dir);

        Assert.IsTrue(task.Execute(), engine.Describe());

        Assert.AreEqual(0, task.Downloaded, "a pool hit is not a download");
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(Path.Join(repo, "data", "a.bin")));
        Assert.AreEqual("DT1010", engine.Warnings.Single().Code, engine.Describe());
        StringAssert.Contains(engine.Warnings.Single().Message, dir.Combine("unmounted"));
    }

    [TestMethod]
    public void Hydrate_SkipsACorruptPoolObject_WithDT1011_AndDownloadsIt()
    {
        var corrupt = Content.ToArray();
        corrupt[0] ^= 1;
        var (dir, repo) = Repository(corrupt, onRemote: true);
        using var _ = dir;
        var (task, engine) = Hydrate(dir);

        Assert.IsTrue(task.Execute(), engine.Describe());

        Assert.AreEqual(1, task.Downloaded);
        CollectionAssert.AreEqual(Content, File.ReadAllBytes(Path.Join(repo, "data", "a.bin")));
        Assert.AreEqual("DT1011", engine.Warnings.Single().Code, engine.Describe());
        var key = TestHash.Sha256(Content);
        CollectionAssert.AreEqual(corrupt, File.ReadAllBytes(dir.Combine("pool/objects/" + key[..2] + "/" + key)));
    }
}
