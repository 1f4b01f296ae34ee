using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Every command exits as docs/errors.md says: 2 for a usage or input error (DT0201, DT0202, DT0204 among them), however deep it is found.</summary>
[TestClass]
public sealed class ExitCodeTests
{
    public static IEnumerable<object[]> BadRemoteSettings =>
    [
        ["no remote", "{}\n", "DT0201"],
        ["unsupported scheme", "{\"remote\": \"ftp://example.com/x\"}\n", "DT0202"],
        ["invalid config", "{\"remote\": \n", "DT0204"],
        ["control character", "{\"remote\": \"a\\u0000b\"}\n", "DT0204"],
    ];

    [TestMethod]
    public async Task EveryCommand_ExitCodeFollowsTheErrorsCode()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/a.bin", "a");
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("push");
        History.Git.CommitManifest(repo, "a");
        repo.WriteText("data/a.bin", "changed");

        (string[] Args, string Code, int Exit)[] cases =
        [
            (["frobnicate"], "DT0001", 2),
            (["-C", "no-such-folder", "status"], "DT0006", 2),
            (["status", "../outside"], "DT0003", 2),
            (["verify"], "DT0303", 1),
            (["diff", "no-such-rev"], "DT0502", 2),
            (["log", "data/never.bin"], "DT0507", 2),
            (["gc", "--grace", "soon"], "DT0504", 2),
            (["gc", "--cache", "--max-size", "99999999999999999999GB"], "DT0504", 2),
            (["pull", "--extern", "x"], "DT0705", 2),
            (["--remote", "ftp://example.com/x", "push", "--dry-run"], "DT0202", 2),
            (["--remote", ".git", "gc"], "DT0207", 2),
            (["--remote", "no-such-remote", "gc"], "DT0203", 1),
        ];
        foreach (var (args, code, exit) in cases)
        {
            var result = await repo.RunAsync(args);
            Assert.AreEqual(exit, result.ExitCode, $"dotnet data {string.Join(' ', args)}\n{result}");
            Assert.IsTrue(result.ErrLines.Any(l => l.StartsWith($"error {code}: ", StringComparison.Ordinal)), $"dotnet data {string.Join(' ', args)}: expected error {code}\n{result}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(BadRemoteSettings))]
    public async Task CommandsThatNeedTheRemote_ExitWithTheUsageCode(string name, string config, string code)
    {
        using var repo = await TempRepo.CreateAsync();
        var content = "hello"u8.ToArray();
        var key = TestHash.Sha256(content);
        repo.WriteText("data/new.bin", "new");
        repo.WriteManifest([("data/missing.bin", key, content.Length)]);
        Assert.AreEqual(0, (await repo.RunAsync("add", "data/new.bin")).ExitCode);
        repo.WriteText(".datatasks/config.json", config);
        History.Git.CommitManifest(repo, "manifest");

        // pull --dry-run is left out: it never opens the remote (it only lists what a pull would fetch).
        string[][] commands = [["pull"], ["pull", "--json"], ["pull", "--no-cache"], ["push"], ["push", "--dry-run"], ["gc"]];
        foreach (var args in commands)
        {
            var result = await repo.RunAsync(args);
            Assert.AreEqual(2, result.ExitCode, $"{name}: dotnet data {string.Join(' ', args)}\n{result}");
            StringAssert.Contains(result.Stderr, $"error {code}: ", $"{name}: dotnet data {string.Join(' ', args)}\n{result}");
            Assert.IsFalse(result.Stderr.Contains("   at ", StringComparison.Ordinal), result.ToString());
        }
    }
}
