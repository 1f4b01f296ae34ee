using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.OneHome;

/// <summary>
/// DATATASKS_OFFLINE=1, the switch the build and the runtime also honour, in the real tool: what the machine cache holds
/// still works, what needs the remote is DT0801, and push is DT0607. Child processes, so the variable never leaks into
/// the in-process tests running beside these.
/// </summary>
[TestClass]
public sealed class OfflineTests
{
    private static readonly Dictionary<string, string?> Offline = new(StringComparer.Ordinal) { ["DATATASKS_OFFLINE"] = "1" };

    /// <summary>A repository with one pushed file, deleted from the tree; with <paramref name="cached"/>, its object stays in the machine cache.</summary>
    private static async Task<(TempRepo Repo, byte[] Bytes)> PushedAsync(bool cached)
    {
        var repo = await TempRepo.CreateAsync();
        var bytes = repo.WriteRandom("data/a.bin", 4000, 7);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));
        if (!cached && Directory.Exists(repo.Cache))
        {
            Directory.Delete(repo.Cache, recursive: true);
        }

        return (repo, bytes);
    }

    private static string Error(CliResult result) => result.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal));

    [TestMethod]
    public async Task Pull_WithEverythingCached_SucceedsWithoutTheRemote()
    {
        var (repo, bytes) = await PushedAsync(cached: true);
        using var _ = repo;
        Directory.Delete(repo.Remote, recursive: true);

        var pull = await repo.RunProcessAsync(["pull"], Offline);

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes, repo.Read("data/a.bin"));
    }

    [TestMethod]
    public async Task Pull_OfAnObjectNotCached_IsDT0801_AndTheRemoteIsNotAsked()
    {
        var (repo, _) = await PushedAsync(cached: false);
        using var __ = repo;

        var pull = await repo.RunProcessAsync(["pull"], Offline);

        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        StringAssert.StartsWith(Error(pull), "error DT0801: ", pull.ToString());
        StringAssert.Contains(Error(pull), "DATATASKS_OFFLINE=1");
        Assert.IsFalse(repo.Exists("data/a.bin"));

        // The same pull online fetches it: the switch, not the repository, stopped it.
        var online = await repo.RunProcessAsync(["pull"]);
        Assert.AreEqual(0, online.ExitCode, online.ToString());
    }

    [TestMethod]
    public async Task Push_IsDT0607_AndUploadsNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/b.bin", 500, 8);
        await repo.RunOkAsync("add", "data");

        var push = await repo.RunProcessAsync(["push"], Offline);

        Assert.AreEqual(2, push.ExitCode, push.ToString());
        StringAssert.StartsWith(Error(push), "error DT0607: ", push.ToString());
        Assert.AreEqual(0, repo.RemoteFiles().Length, "nothing was uploaded");
    }

    [TestMethod]
    [DataRow("status", "--remote")]
    [DataRow("verify", "--remote")]
    [DataRow("gc", "--prune")]
    public async Task ACommandThatAsksTheRemote_IsDT0801(string command, string option)
    {
        var (repo, _) = await PushedAsync(cached: true);
        using var __ = repo;

        var result = await repo.RunProcessAsync([command, option], Offline);

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.StartsWith(Error(result), "error DT0801: ", result.ToString());
    }
}
