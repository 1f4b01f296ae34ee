using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 10: rm removes entries, keeps files unless --delete, and never touches the remote.</summary>
[TestClass]
public sealed class RemoveTests
{
    [TestMethod]
    [DataRow(new string[0], DisplayName = "rm")]
    [DataRow(new[] { "--cached" }, DisplayName = "rm --cached")]
    public async Task Rm_RemovesTheEntry_KeepsTheFile_AndNeverTouchesTheRemote(string[] flags)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        var a = repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/b.bin", 1000, 2);
        await repo.RunOkAsync("add", "--all");
        await repo.RunOkAsync("push");
        var remote = Snapshot.Take(repo.Remote);

        var rm = await repo.RunOkAsync(["rm", .. flags, "data/a.bin"]);
        Assert.AreEqual("removed  data/a.bin\n", rm.Stdout, rm.ToString());
        Assert.IsFalse(repo.Entries.ContainsKey("data/a.bin"));
        Assert.IsTrue(repo.Entries.ContainsKey("data/b.bin"));
        CollectionAssert.AreEqual(a, repo.Read("data/a.bin"), "rm kept the file");
        remote.AssertUnchanged("rm");

        var status = await repo.RunOkAsync("status");
        Assert.IsTrue(status.OutLines.Contains("untracked data/a.bin (1KB, matches .datapattern, not in manifest)"), status.ToString());
    }

    [TestMethod]
    public async Task RmDelete_DeletesTheFile_AndNeverTouchesTheRemote()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/dir/b.bin", 1000, 2);
        repo.WriteRandom("data/dir/c.bin", 1000, 3);
        repo.WriteRandom("data/keep.bin", 1000, 4);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        var remote = Snapshot.Take(repo.Remote);

        await repo.RunOkAsync("rm", "--delete", "data/a.bin", "data/dir");
        foreach (var p in new[] { "data/a.bin", "data/dir/b.bin", "data/dir/c.bin" })
        {
            Assert.IsFalse(repo.Entries.ContainsKey(p), p);
            Assert.IsFalse(repo.Exists(p), $"{p} not deleted");
        }

        Assert.IsTrue(repo.Exists("data/keep.bin"));
        Assert.IsTrue(repo.Entries.ContainsKey("data/keep.bin"));
        remote.AssertUnchanged("rm --delete");
    }

    [TestMethod]
    public async Task Rm_OfAnAddedButNeverPushedEntry_ForgetsItsAddedHash()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("rm", "data/a.bin");
        repo.WriteRandom("data/a.bin", 1000, 2);
        await repo.RunOkAsync("add", "data/a.bin");
        var status = await repo.RunOkAsync("status");
        Assert.AreEqual("added    data/a.bin (1KB, not pushed)\n", status.Stdout, status.ToString());
    }

    [TestMethod]
    public async Task Rm_OfAnUnknownPath_IsDT0004_AndRemovesNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        var tree = Snapshot.Take(repo.Base);

        BadInputTests.AssertOneErrorLine(await repo.RunAsync("rm", "data/nope.bin"), "DT0004", 2);
        BadInputTests.AssertOneErrorLine(await repo.RunAsync("rm", "data/a.bin", "data/nope.bin"), "DT0004", 2);
        BadInputTests.AssertOneErrorLine(await repo.RunAsync("rm", "--delete", "data/a.bi"), "DT0004", 2);
        tree.AssertUnchanged("a refused rm");
    }
}
