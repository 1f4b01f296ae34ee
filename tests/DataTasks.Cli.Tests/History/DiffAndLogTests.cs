using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>diff and log against real git histories: added, removed, modified and renamed entries, sizes, short keys.</summary>
[TestClass]
public sealed class DiffAndLogTests
{
    /// <summary>Three commits: add a,b,c; modify b and rename c → d; remove a. Returns the keys by name.</summary>
    private static async Task<Dictionary<string, string>> BuildHistoryAsync(TempRepo repo)
    {
        Git.Run(repo.Root, "symbolic-ref", "HEAD", "refs/heads/main");
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["a"] = await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 1),
            ["b1"] = await Git.AddAndPushAsync(repo, "data/b.bin", 2000, 2),
            ["c"] = await Git.AddAndPushAsync(repo, "data/c.bin", 3000, 3),
        };
        Git.CommitManifest(repo, "first data");
        Git.Run(repo.Root, "tag", "v1");
        keys["b2"] = await Git.AddAndPushAsync(repo, "data/b.bin", 2500, 4);
        File.Move(repo.PathOf("data/c.bin"), repo.PathOf("data/d.bin"));
        await repo.RunOkAsync("rm", "data/c.bin");
        await repo.RunOkAsync("add", "data/d.bin");
        await repo.RunOkAsync("push");
        Git.CommitManifest(repo, "retrain b, rename c");
        await repo.RunOkAsync("rm", "data/a.bin");
        Git.CommitManifest(repo, "drop a");
        return keys;
    }

    [TestMethod]
    public async Task Diff_BetweenRefs_ShowsAddedRemovedModifiedAndRenamed_WithSizesAndShortKeys()
    {
        using var repo = await TempRepo.CreateAsync();
        var k = await BuildHistoryAsync(repo);

        var diff = await repo.RunOkAsync("diff", "v1..main");
        CollectionAssert.AreEqual(
            new[]
            {
                $"removed   data/a.bin (1KB, key {k["a"][..8]})",
                $"modified  data/b.bin (2KB → 2.5KB, key {k["b1"][..8]} → {k["b2"][..8]})",
                $"renamed   data/c.bin → data/d.bin (3KB, key {k["c"][..8]})",
                "0 added, 1 removed, 1 modified, 1 renamed (v1 → main)",
            },
            diff.OutLines,
            diff.ToString());

        var reverse = await repo.RunOkAsync("diff", "HEAD~2..v1");
        Assert.AreEqual("no changes (HEAD~2 → v1)", reverse.OutLines.Single(), reverse.ToString());

        var json = await repo.RunOkAsync("diff", "HEAD~1..HEAD", "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var change = doc.RootElement.GetProperty("changes").EnumerateArray().Single();
        Assert.AreEqual("removed", change.GetProperty("change").GetString());
        Assert.AreEqual("data/a.bin", change.GetProperty("path").GetString());
        Assert.AreEqual(k["a"], change.GetProperty("old_key").GetString());
        Assert.AreEqual(1000, change.GetProperty("old_size").GetInt64());
        Assert.AreEqual(JsonValueKind.Null, change.GetProperty("new_key").ValueKind);
        Assert.AreEqual(1, doc.RootElement.GetProperty("summary").GetProperty("removed").GetInt32());
    }

    [TestMethod]
    public async Task Diff_RevisionAgainstWorkingManifest_AndWorkingTreeAgainstManifest()
    {
        using var repo = await TempRepo.CreateAsync();
        var k = await BuildHistoryAsync(repo);
        var e = await Git.AddAndPushAsync(repo, "data/e.bin", 500, 5);

        var rev = await repo.RunOkAsync("diff", "HEAD");
        CollectionAssert.AreEqual(new[] { $"added     data/e.bin (500B, key {e[..8]})", "1 added, 0 removed, 0 modified, 0 renamed (HEAD → working artifacts.json)" }, rev.OutLines, rev.ToString());

        // On disk: b edited, d deleted; with a .datapattern a moved file is a rename.
        File.WriteAllText(repo.PathOf(".datapattern"), "data/**\n");
        File.Delete(repo.PathOf("data/a.bin"));
        File.Delete(repo.PathOf("data/c.bin"));
        Directory.CreateDirectory(repo.PathOf("data/moved"));
        File.Move(repo.PathOf("data/d.bin"), repo.PathOf("data/moved/d.bin"), overwrite: false);
        repo.WriteRandom("data/b.bin", 2600, 6);
        var tree = await repo.RunOkAsync("diff");
        var b3 = TestHash.Sha256(repo.Read("data/b.bin"));
        CollectionAssert.AreEqual(
            new[]
            {
                $"modified  data/b.bin (2.5KB → 2.6KB, key {k["b2"][..8]} → {b3[..8]})",
                $"renamed   data/d.bin → data/moved/d.bin (3KB, key {k["c"][..8]})",
                "0 added, 0 removed, 1 modified, 1 renamed (artifacts.json → working tree)",
            },
            tree.OutLines,
            tree.ToString());
    }

    [TestMethod]
    public async Task Log_ListsEveryManifestCommit_WithItsChanges_OnelineAndJson()
    {
        using var repo = await TempRepo.CreateAsync();
        var k = await BuildHistoryAsync(repo);
        var hashes = Git.Run(repo.Root, "log", "--format=%H").Split('\n');

        var log = await repo.RunOkAsync("log");
        var text = log.Stdout;
        StringAssert.StartsWith(text, $"commit {hashes[0]}\nAuthor: Tess Tester <tess@example.com>\n", log.ToString());
        StringAssert.Contains(text, "    drop a\n\n    removed   data/a.bin (1KB, key " + k["a"][..8] + ")\n", log.ToString());
        StringAssert.Contains(text, $"    renamed   data/c.bin → data/d.bin (3KB, key {k["c"][..8]})", log.ToString());
        StringAssert.Contains(text, $"    added     data/a.bin (1KB, key {k["a"][..8]})", log.ToString());

        var oneline = await repo.RunOkAsync("log", "--oneline");
        CollectionAssert.AreEqual(
            new[] { "drop a (+0 -1 ~0 →0)", "retrain b, rename c (+0 -0 ~1 →1)", "first data (+3 -0 ~0 →0)" },
            oneline.OutLines.Select(l => l[(8 + 11)..]).ToArray(),
            oneline.ToString());
        CollectionAssert.AreEqual(hashes.Select(h => h[..7]).ToArray(), oneline.OutLines.Select(l => l[..7]).ToArray());

        var json = await repo.RunOkAsync("log", "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var commits = doc.RootElement.GetProperty("commits").EnumerateArray().ToList();
        CollectionAssert.AreEqual(hashes, commits.Select(c => c.GetProperty("commit").GetString()).ToArray());
        Assert.AreEqual(3, commits[2].GetProperty("changes").GetArrayLength());
        Assert.AreEqual("Tess Tester", commits[0].GetProperty("author").GetString());

        var limited = await repo.RunOkAsync("log", "--oneline", "-n", "1");
        Assert.AreEqual(1, limited.OutLines.Length, limited.ToString());
    }

    [TestMethod]
    public async Task LogPath_ShowsEveryKeyTheEntryHad_FollowingRenames()
    {
        using var repo = await TempRepo.CreateAsync();
        var k = await BuildHistoryAsync(repo);

        var b = await repo.RunOkAsync("log", "--oneline", "data/b.bin");
        CollectionAssert.AreEqual(
            new[]
            {
                $"modified  data/b.bin (2KB → 2.5KB, key {k["b1"][..8]} → {k["b2"][..8]})",
                $"added     data/b.bin (2KB, key {k["b1"][..8]})",
            },
            b.OutLines.Select(l => l[(8 + 11)..]).ToArray(),
            b.ToString());

        var d = await repo.RunOkAsync("log", "--oneline", "data/d.bin");
        CollectionAssert.AreEqual(
            new[] { $"renamed   data/c.bin → data/d.bin (3KB, key {k["c"][..8]})", $"added     data/c.bin (3KB, key {k["c"][..8]})" },
            d.OutLines.Select(l => l[(8 + 11)..]).ToArray(),
            d.ToString());

        var none = await repo.RunAsync("log", "data/never.bin");
        Assert.AreEqual(2, none.ExitCode, none.ToString());
        StringAssert.StartsWith(none.Stderr, "error DT0507:", none.ToString());
    }

    [TestMethod]
    public async Task Log_InASubfolderDataRepository_AndDiffLogGc_OutsideGit_FailWithDT0501()
    {
        using var outside = await TempRepo.CreateAsync(init: false);
        Directory.Delete(Path.Join(outside.Root, ".git"), recursive: true);
        await outside.RunOkAsync("init", "--remote", outside.Remote);
        foreach (var args in new[] { new[] { "log" }, ["diff", "HEAD"], ["gc"] })
        {
            var r = await outside.RunAsync(args);
            Assert.AreEqual(2, r.ExitCode, r.ToString());
            StringAssert.StartsWith(r.Stderr, "error DT0501:", r.ToString());
            Assert.AreEqual(1, r.ErrLines.Length, r.ToString());
        }

        // A data repository in a subfolder of the git work tree: its manifest is sub/artifacts.json in git.
        using var mono = await TempRepo.CreateAsync(init: false);
        var sub = Path.Join(mono.Root, "models", "pesto");
        Directory.CreateDirectory(sub);
        await mono.RunInAsync(sub, "init", "--remote", mono.Remote);
        File.WriteAllBytes(Path.Join(sub, "m.bin"), TestBytes.Seeded(100, 1));
        Assert.AreEqual(0, (await mono.RunInAsync(sub, "add", "m.bin")).ExitCode);
        Git.Run(mono.Root, "add", "-A");
        Git.Run(mono.Root, "commit", "-q", "-m", "pesto model");
        var log = await mono.RunInAsync(sub, "log", "--oneline");
        Assert.AreEqual(0, log.ExitCode, log.ToString());
        StringAssert.EndsWith(log.OutLines.Single(), "pesto model (+1 -0 ~0 →0)", log.ToString());
    }

    [TestMethod]
    public async Task Log_BeforeTheFirstCommit_IsEmpty_AndAnInvalidManifestInHistory_IsAWarningNotAFailure()
    {
        using var repo = await TempRepo.CreateAsync();
        var empty = await repo.RunOkAsync("log");
        Assert.AreEqual(string.Empty, empty.Stdout + empty.Stderr, empty.ToString());

        await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 1);
        Git.CommitManifest(repo, "good");
        var good = repo.ManifestText;
        File.WriteAllText(repo.ManifestPath, "{ \"version\": 2, \"entries\": ");
        Git.CommitManifest(repo, "broken");
        File.WriteAllText(repo.ManifestPath, good);
        Git.CommitManifest(repo, "fixed");

        var log = await repo.RunOkAsync("log", "--oneline");
        Assert.HasCount(3, log.OutLines, log.ToString());
        StringAssert.Contains(log.Stderr, "warning DT0508:", log.ToString());
        StringAssert.EndsWith(log.OutLines[2], "good (+1 -0 ~0 →0)", log.ToString());
    }

    [TestMethod]
    public async Task Log_ShowsWhatAMergeBroughtIn_AndDiffThreeDots_ComparesWithTheMergeBase()
    {
        using var repo = await TempRepo.CreateAsync();
        Git.Run(repo.Root, "symbolic-ref", "HEAD", "refs/heads/main");
        // Entries far apart in the sorted manifest, so git merges the two branches' manifests without a conflict.
        await Git.AddAndPushAsync(repo, "data/m/a.bin", 1000, 1);
        await Git.AddAndPushAsync(repo, "data/m/b.bin", 1000, 4);
        Git.CommitManifest(repo, "a");
        Git.Run(repo.Root, "checkout", "-q", "-b", "topic");
        var t = await Git.AddAndPushAsync(repo, "data/0.bin", 1000, 2);
        Git.CommitManifest(repo, "t");
        Git.Run(repo.Root, "checkout", "-q", "main");
        var m = await Git.AddAndPushAsync(repo, "data/z.bin", 1000, 3);
        Git.CommitManifest(repo, "m");

        var threeDots = await repo.RunOkAsync("diff", "topic...main");
        CollectionAssert.AreEqual(new[] { $"added     data/z.bin (1KB, key {m[..8]})" }, threeDots.OutLines[..^1], threeDots.ToString());
        var twoDots = await repo.RunOkAsync("diff", "topic..main");
        Assert.HasCount(3, twoDots.OutLines, $"t removed and m added\n{twoDots}");

        Git.Run(repo.Root, "merge", "-q", "--no-ff", "-m", "merge topic", "topic");
        var log = await repo.RunOkAsync("log", "--oneline", "-n", "1");
        StringAssert.EndsWith(log.OutLines.Single(), "merge topic (+1 -0 ~0 →0)", log.ToString());
        var path = await repo.RunOkAsync("log", "--oneline", "data/0.bin");
        Assert.HasCount(2, path.OutLines, $"the branch commit and the merge both brought it into their branch\n{path}");
        Assert.IsTrue(path.OutLines.All(l => l.EndsWith($"added     data/0.bin (1KB, key {t[..8]})", StringComparison.Ordinal)), path.ToString());
    }

    [TestMethod]
    public async Task Diff_BadRevisions_FailWithDT0502_AndBadGcSettings_WithDT0504()
    {
        using var repo = await TempRepo.CreateAsync();
        await BuildHistoryAsync(repo);
        foreach (var args in new[] { new[] { "diff", "no-such-ref" }, ["diff", "v1..nope"], ["diff", "--", "-x"], ["gc", "--ref", "nope"] })
        {
            var r = await repo.RunAsync(args);
            Assert.AreEqual(2, r.ExitCode, r.ToString());
            StringAssert.StartsWith(r.Stderr, "error DT0502:", r.ToString());
        }

        foreach (var args in new[] { new[] { "gc", "--grace", "soon" }, ["gc", "--since", "yesterday-ish"], ["gc", "--cache", "--max-size", "lots"], ["gc", "--cache", "--max-age", "5x"] })
        {
            var r = await repo.RunAsync(args);
            Assert.AreEqual(2, r.ExitCode, r.ToString());
            StringAssert.StartsWith(r.Stderr, "error DT0504:", r.ToString());
        }

        File.WriteAllText(Path.Join(repo.Root, ".datatasks", "config.local.json"), "{\"gc\": {\"grace\": \"a while\"}}");
        var config = await repo.RunAsync("gc");
        Assert.AreEqual(2, config.ExitCode, config.ToString());
        StringAssert.Contains(config.Stderr, "gc.grace", config.ToString());
    }
}
