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
    [DynamicData(nameof(BadRemoteSettings))]
    public async Task CommandsThatNeedTheRemote_ExitWithTheUsageCode(string name, string config, string code)
    {
        using var repo = await TempRepo.CreateAsync();
        var content = "hello"u8.ToArray();
        var key = TempRepo.Sha256(content);
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
