using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Issue 13: status --remote also checks, in one batch, that the remote has every synced or missing key.</summary>
[TestClass]
public sealed class StatusRemoteTests
{
    [TestMethod]
    public async Task StatusRemote_ShowsNotOnRemote_ForALostObject_AndExitsOne()
    {
        using var repo = await TempRepo.CreateAsync();
        var a = repo.WriteRandom("data/a.bin", 2000, 1);
        repo.WriteRandom("data/b.bin", 3000, 2);
        await repo.RunOkAsync("add", "data/a.bin", "data/b.bin");
        await repo.RunOkAsync("push");
        File.Delete(Path.Join(repo.Remote, TestHash.Sha256(a)));

        var plain = await repo.RunAsync("status");
        var checkedRemote = await repo.RunAsync("status", "--remote");
        var json = await repo.RunAsync("status", "--remote", "--json");

        Assert.AreEqual(0, plain.ExitCode, "without --remote status does not ask the remote");
        Assert.IsFalse(plain.Stdout.Contains("not on remote", StringComparison.Ordinal));
        Assert.AreEqual(1, checkedRemote.ExitCode, checkedRemote.ToString());
        Assert.IsTrue(checkedRemote.OutLines.Any(l => l.StartsWith("synced   data/a.bin (", StringComparison.Ordinal) && l.EndsWith(", not on remote)", StringComparison.Ordinal)), checkedRemote.ToString());
        Assert.IsTrue(checkedRemote.OutLines.Any(l => l.StartsWith("synced   data/b.bin (", StringComparison.Ordinal) && !l.Contains("not on remote", StringComparison.Ordinal)));
        StringAssert.StartsWith(checkedRemote.ErrLines.Single(), "error DT0205: 1 entry's content is not on the remote");
        var entries = JsonNode.Parse(json.Stdout)!["entries"]!.AsArray();
        Assert.IsFalse(entries.Single(e => (string)e!["path"]! == "data/a.bin")!["on_remote"]!.GetValue<bool>());
        Assert.IsTrue(entries.Single(e => (string)e!["path"]! == "data/b.bin")!["on_remote"]!.GetValue<bool>());
    }
}
