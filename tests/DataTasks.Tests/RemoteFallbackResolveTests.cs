namespace DataTasks.Tests;

/// <summary>
/// The runtime's remote rule is the one every front shares: a namespace's own configuration, else the monorepo root's
/// (beside export.json), never the remote of the repository the app happens to run in.
/// </summary>
[TestClass]
public sealed class RemoteFallbackResolveTests
{
    [TestMethod]
    public async Task ANamespaceWithoutARemote_HydratesFromTheMonorepoRoots_NotTheAppRepositorys()
    {
        using var repo = new RuntimeRepo();
        var bytes = TestBytes.Seeded(2000, 21);
        var key = TestHash.Sha256(bytes);
        var rootRemote = Path.Join(repo.Base, "root-remote");
        Directory.CreateDirectory(rootRemote);
        File.WriteAllBytes(Path.Join(rootRemote, key), bytes);
        Directory.CreateDirectory(Path.Join(repo.Base, ".datatasks"));
        File.WriteAllText(Path.Join(repo.Base, ".datatasks", "config.json"), $$"""{"remote": "{{rootRemote.Replace("\\", "/")}}"}""");
        File.WriteAllText(Path.Join(repo.Base, "export.json"), """{"shared": "libs/shared"}""");
        var shared = Path.Join(repo.Base, "libs", "shared");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Join(shared, "artifacts.json"),
            $$$"""{"version": 2, "entries": {"data/w.txt": {"storage_key": "{{{key}}}", "size": {{{bytes.Length}}}, "created_at": "2026-11-23T12:00:00Z"} } }""");

        var path = await repo.Resolver().ResolveAsync("data/w.txt", namespaceName: "shared");

        Assert.AreEqual(Path.Join(shared, "data", "w.txt"), path);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
    }
}
