using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>History cannot be fixed: a broken manifest in an old commit is a warning (DT0508) naming that commit, never a crash.</summary>
[TestClass]
public sealed class BrokenHistoryTests
{
    [TestMethod]
    public async Task Log_SecondOfThreeCommitsBroken_TheWarningsNameThatCommit()
    {
        using var repo = await TempRepo.CreateAsync();
        await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 1);
        var good = Git.CommitManifest(repo, "good");
        var goodText = repo.ManifestText;
        File.WriteAllText(repo.ManifestPath, "{ \"version\": 2, \"entries\": ");
        var broken = Git.CommitManifest(repo, "broken");
        File.WriteAllText(repo.ManifestPath, goodText);
        var fixedCommit = Git.CommitManifest(repo, "fixed");

        var log = await repo.RunOkAsync("log", "--oneline");

        var warnings = log.ErrLines.Where(l => l.StartsWith("warning DT0508:", StringComparison.Ordinal)).ToArray();
        Assert.IsNotEmpty(warnings, log.ToString());
        foreach (var w in warnings)
        {
            StringAssert.Contains(w, $"artifacts.json at {broken[..7]} is not a valid manifest", log.ToString());
            Assert.IsFalse(w.Contains($"at {fixedCommit[..7]}", StringComparison.Ordinal), $"names the fixed commit as broken: {w}");
            Assert.IsFalse(w.Contains($"at {good[..7]}", StringComparison.Ordinal), $"names the good commit as broken: {w}");
        }

        Assert.IsTrue(warnings.Any(w => w.StartsWith($"warning DT0508: commit {broken[..7]}: ", StringComparison.Ordinal)), log.ToString());
    }

    [TestMethod]
    public async Task LogAndDiff_CommittedManifestWithALoneSurrogate_WarnAndGoOn()
    {
        using var repo = await TempRepo.CreateAsync();
        await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 1);
        var good = Git.CommitManifest(repo, "good");
        var goodText = repo.ManifestText;
        File.WriteAllText(repo.ManifestPath, goodText.Replace("data/a.bin", "data/\\ud800.bin", StringComparison.Ordinal));
        var broken = Git.CommitManifest(repo, "surrogate");
        File.WriteAllText(repo.ManifestPath, goodText);

        var log = await repo.RunAsync("log");
        Assert.AreEqual(0, log.ExitCode, log.ToString());
        StringAssert.Contains(log.Stderr, $"warning DT0508: commit {broken[..7]}: artifacts.json at {broken[..7]} is not a valid manifest: DT0104", log.ToString());

        foreach (var args in new[] { new[] { "diff", $"{good}..{broken}" }, ["diff", broken], ["diff", "--json", broken] })
        {
            var diff = await repo.RunAsync(args);
            Assert.AreEqual(0, diff.ExitCode, diff.ToString());
            Assert.HasCount(1, diff.ErrLines, diff.ToString());
            StringAssert.StartsWith(diff.ErrLines[0], "warning DT0508: artifacts.json at ", diff.ToString());
            Assert.IsFalse(diff.Stderr.Contains("Exception", StringComparison.Ordinal), diff.ToString());
        }
    }

    [TestMethod]
    public async Task GcCache_MaxSizeTooLargeForANumber_IsDT0504()
    {
        using var repo = await TempRepo.CreateAsync();
        var gc = await repo.RunAsync("gc", "--cache", "--max-size", "99999999999999999999GB");
        BadInputTests.AssertOneErrorLine(gc, "DT0504", exitCode: 2);
    }
}
