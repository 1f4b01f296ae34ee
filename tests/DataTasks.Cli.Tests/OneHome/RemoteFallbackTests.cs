using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.OneHome;

/// <summary>
/// The CLI's remote rule for the repository it runs in is the one every front shares: its own configuration, else the
/// monorepo root's (beside export.json), else DT0201.
/// </summary>
[TestClass]
public sealed class RemoteFallbackTests
{
    /// <summary>A monorepo whose root names the shared bucket, and a namespace "shared" with no remote of its own.</summary>
    private static async Task<(TempRepo Repo, string Shared)> MonorepoAsync(bool rootRemote)
    {
        var repo = await TempRepo.CreateAsync(init: false);
        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{"shared": "libs/shared"}""");
        if (rootRemote)
        {
            Directory.CreateDirectory(Path.Join(repo.Root, ".datatasks"));
            File.WriteAllText(Path.Join(repo.Root, ".datatasks", "config.json"), $$"""{"remote": "{{repo.Remote.Replace("\\", "/")}}"}""");
        }

        var shared = Path.Join(repo.Root, "libs", "shared");
        Directory.CreateDirectory(shared);
        var init = await repo.RunInAsync(shared, "init", "--no-install");
        Assert.AreEqual(0, init.ExitCode, init.ToString());
        return (repo, shared);
    }

    [TestMethod]
    public async Task InANamespaceWithoutARemote_PushAndPullUseTheMonorepoRoots()
    {
        var (repo, shared) = await MonorepoAsync(rootRemote: true);
        using var _ = repo;
        var bytes = TestBytes.Seeded(3000, 4);
        var file = Path.Join(shared, "data", "a.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
        Assert.AreEqual(0, (await repo.RunInAsync(shared, "add", "data")).ExitCode);

        var push = await repo.RunInAsync(shared, "push");
        Assert.AreEqual(0, push.ExitCode, push.ToString());
        Assert.AreEqual(1, repo.RemoteFiles().Length, "the object went to the root's remote");

        File.Delete(file);
        Directory.Delete(repo.Cache, recursive: true);
        var pull = await repo.RunInAsync(shared, "pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(file));
    }

    [TestMethod]
    public async Task InANamespaceWithoutARemote_AndNoneAtTheRoot_IsDT0201NamingTheRootsConfig()
    {
        var (repo, shared) = await MonorepoAsync(rootRemote: false);
        using var _ = repo;
        File.WriteAllBytes(Path.Join(shared, "a.bin"), TestBytes.Seeded(100, 5));
        Assert.AreEqual(0, (await repo.RunInAsync(shared, "add", "a.bin")).ExitCode);

        var push = await repo.RunInAsync(shared, "push");
        Assert.AreEqual(2, push.ExitCode, push.ToString());
        var error = push.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal));
        StringAssert.StartsWith(error, "error DT0201: ");
        StringAssert.Contains(error, "monorepo root");
    }
}
