using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>rm --delete, like git rm, refuses to destroy content that exists nowhere else unless --force is given.</summary>
[TestClass]
public sealed class RemoveDeleteSafetyTests
{
    private static async Task<TempRepo> RepoWithUnsavedContent()
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/pushed.bin", 1000, 1);
        repo.WriteRandom("data/edited.bin", 1000, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        repo.WriteRandom("data/edited.bin", 1000, 3);
        repo.WriteRandom("data/new.bin", 1000, 4);
        await repo.RunOkAsync("add", "data/new.bin");
        return repo;
    }

    [TestMethod]
    public async Task RmDelete_OfAnAddedNeverPushedFile_OrAModifiedFile_IsRefused_NamingEachFile_AndChangesNothing()
    {
        using var repo = await RepoWithUnsavedContent();
        var manifest = repo.ManifestText;

        var rm = await repo.RunAsync("rm", "--delete", "data");
        Assert.AreEqual(1, rm.ExitCode, rm.ToString());
        var refused = rm.ErrLines.Where(l => l.StartsWith("error DT0403: data/", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(2, refused.Count, rm.ToString());
        Assert.IsTrue(refused.Any(l => l.Contains("data/new.bin", StringComparison.Ordinal) && l.Contains("--force", StringComparison.Ordinal)), rm.ToString());
        Assert.IsTrue(refused.Any(l => l.Contains("data/edited.bin", StringComparison.Ordinal)), rm.ToString());
        Assert.IsFalse(rm.Stderr.Contains("data/pushed.bin", StringComparison.Ordinal), rm.ToString());
        Assert.AreEqual(manifest, repo.ManifestText, "a refused rm leaves the manifest as it was");
        foreach (var p in new[] { "data/pushed.bin", "data/edited.bin", "data/new.bin" })
        {
            Assert.IsTrue(repo.Exists(p), $"{p} was deleted");
        }
    }

    [TestMethod]
    public async Task RmDeleteForce_DeletesThemAnyway()
    {
        using var repo = await RepoWithUnsavedContent();
        await repo.RunOkAsync("rm", "--delete", "--force", "data");
        foreach (var p in new[] { "data/pushed.bin", "data/edited.bin", "data/new.bin" })
        {
            Assert.IsFalse(repo.Exists(p), p);
            Assert.IsFalse(repo.Entries.ContainsKey(p), p);
        }
    }

    [TestMethod]
    public async Task RmDelete_OfContentTheMachineCacheHas_IsAllowed_EvenWithoutARemoteCopy()
    {
        using var repo = await TempRepo.CreateAsync();
        var bytes = repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));
        await repo.RunOkAsync("pull");
        File.Delete(Path.Join(repo.Remote, TestHash.Sha256(bytes)));

        await repo.RunOkAsync("rm", "--delete", "data/a.bin");
        Assert.IsFalse(repo.Exists("data/a.bin"));
    }
}
