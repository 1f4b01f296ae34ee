using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Never a write outside the repository: not through '..' (BadInputTests) and not through a symbolic link.</summary>
[TestClass]
public sealed class SymlinkTests
{
    [TestMethod]
    public async Task Pull_RefusesToWriteThroughALinkThatLeavesTheRepository()
    {
        using var repo = await TempRepo.CreateAsync();
        var outside = Path.Join(repo.Base, "outside");
        Directory.CreateDirectory(outside);
        var content = TestBytes.Seeded(2000, 7);
        var key = repo.PutRemoteObject(content);
        repo.WriteManifest([("models/evil.bin", key, content.Length), ("data/good.bin", key, content.Length)]);
        Directory.CreateSymbolicLink(repo.PathOf("models"), outside);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(2, pull.ExitCode, pull.ToString()); // DT00xx: the repository's layout, an input error (docs/errors.md)
        StringAssert.Contains(pull.Stderr, "error DT0007:", pull.ToString());
        Assert.AreEqual(0, Directory.GetFileSystemEntries(outside).Length, "pull wrote outside the repository");
        CollectionAssert.AreEqual(content, repo.Read("data/good.bin"), "the other entry is still pulled");
    }

    [TestMethod]
    public async Task Pull_FollowsALinkThatStaysInsideTheRepository()
    {
        using var repo = await TempRepo.CreateAsync();
        Directory.CreateDirectory(repo.PathOf("store"));
        Directory.CreateSymbolicLink(repo.PathOf("data"), repo.PathOf("store"));
        var content = TestBytes.Seeded(2000, 8);
        var key = repo.PutRemoteObject(content);
        repo.WriteManifest([("data/a.bin", key, content.Length)]);

        await repo.RunOkAsync("pull");

        CollectionAssert.AreEqual(content, File.ReadAllBytes(Path.Join(repo.PathOf("store"), "a.bin")));
    }

    [TestMethod]
    public async Task Pull_FollowsAnOutsideLink_WhenTheRepositoryOptsIn()
    {
        using var repo = await TempRepo.CreateAsync();
        var outside = Path.Join(repo.Base, "big-disk");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(repo.PathOf("data"), outside);
        repo.WriteText(".datatasks/config.local.json", "{\"follow_symlinks\": true}\n");
        var content = TestBytes.Seeded(2000, 9);
        var key = repo.PutRemoteObject(content);
        repo.WriteManifest([("data/a.bin", key, content.Length)]);

        await repo.RunOkAsync("pull");

        CollectionAssert.AreEqual(content, File.ReadAllBytes(Path.Join(outside, "a.bin")));
    }

    [TestMethod]
    public async Task RmDelete_RefusesToDeleteThroughALinkThatLeavesTheRepository()
    {
        using var repo = await TempRepo.CreateAsync();
        var outside = Path.Join(repo.Base, "outside");
        Directory.CreateDirectory(outside);
        var victim = Path.Join(outside, "precious.bin");
        File.WriteAllBytes(victim, [1, 2, 3]);
        repo.WriteManifest([("models/precious.bin", null, 3)]);
        Directory.CreateSymbolicLink(repo.PathOf("models"), outside);
        var before = repo.ManifestText;

        var rm = await repo.RunAsync("rm", "--delete", "models/precious.bin");

        Assert.AreNotEqual(0, rm.ExitCode, rm.ToString());
        StringAssert.Contains(rm.Stderr, "error DT0007:", rm.ToString());
        Assert.IsTrue(File.Exists(victim), "rm --delete deleted a file outside the repository");
        Assert.AreEqual(before, repo.ManifestText, "a refused rm must not change the manifest");
    }
}
