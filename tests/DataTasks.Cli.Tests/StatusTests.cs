using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 2: every status category, in text and JSON, and the behaviour without a .datapattern.</summary>
[TestClass]
public sealed class StatusTests
{
    private static Dictionary<string, string> TextStates(CliResult status) =>
        status.OutLines.Select(l => l.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is var p && p.Length == 2 ? (State: p[0], Path: p[1].Split(" (")[0]) : throw new AssertFailedException($"bad status line '{l}'"))
            .ToDictionary(x => x.Path, x => x.State, StringComparer.Ordinal);

    private static Dictionary<string, string> JsonStates(CliResult status)
    {
        using var doc = JsonDocument.Parse(status.Stdout);
        return doc.RootElement.GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("state").GetString()!, StringComparer.Ordinal);
    }

    [TestMethod]
    public async Task Status_ShowsEveryCategory_InTextAndJson()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteRandom("data/synced.bin", 1000, 1);
        repo.WriteRandom("data/modified-pushed.bin", 1000, 2);
        repo.WriteRandom("data/missing.bin", 1000, 3);
        repo.WriteRandom("data/unmatched-later.bin", 1000, 4);
        await repo.RunOkAsync("add", "--all");
        await repo.RunOkAsync("push");

        repo.WriteRandom("data/added.bin", 1000, 5);
        repo.WriteRandom("data/modified-added.bin", 1000, 6);
        repo.WriteRandom("data/deleted-added.bin", 1000, 7);
        await repo.RunOkAsync("add", "data/added.bin", "data/modified-added.bin", "data/deleted-added.bin");

        repo.WriteRandom("data/untracked.bin", 1000, 8);
        repo.WriteRandom("data/modified-pushed.bin", 1000, 20);   // same size, new content
        repo.WriteRandom("data/modified-added.bin", 1000, 21);    // edited after add, before push
        File.Delete(repo.PathOf("data/missing.bin"));
        File.Delete(repo.PathOf("data/deleted-added.bin"));

        // A pushed entry whose path no longer matches .datapattern and is gone from disk is "missing": pull restores it.
        repo.WriteText(".datapattern", "data/**\n!data/unmatched-later.bin\n");
        File.Delete(repo.PathOf("data/unmatched-later.bin"));

        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["data/added.bin"] = "added",
            ["data/deleted-added.bin"] = "deleted",
            ["data/missing.bin"] = "missing",
            ["data/modified-added.bin"] = "modified",
            ["data/modified-pushed.bin"] = "modified",
            ["data/synced.bin"] = "synced",
            ["data/unmatched-later.bin"] = "missing",
            ["data/untracked.bin"] = "untracked",
        };

        var text = await repo.RunOkAsync("status");
        CollectionAssert.AreEquivalent(expected.ToList(), TextStates(text).ToList(), text.ToString());
        Assert.IsTrue(text.OutLines.Contains("modified data/modified-added.bin (changed since add, not pushed)"), text.ToString());
        Assert.IsTrue(text.OutLines.Contains("modified data/modified-pushed.bin (disk hash ≠ manifest key)"), text.ToString());
        Assert.IsTrue(text.OutLines.Contains("deleted  data/deleted-added.bin (not on disk, never pushed)"), text.ToString());
        Assert.IsTrue(text.OutLines.Any(l => l.StartsWith("missing  data/unmatched-later.bin (not on disk, key: ", StringComparison.Ordinal)), text.ToString());
        CollectionAssert.AreEqual(expected.Keys.ToList(), TextStates(text).Keys.ToList(), "status lists paths in ordinal order");

        var json = await repo.RunOkAsync("status", "--json");
        CollectionAssert.AreEquivalent(expected.ToList(), JsonStates(json).ToList(), json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.AreEqual(2, summary.GetProperty("modified").GetInt32());
        Assert.AreEqual(1, summary.GetProperty("deleted").GetInt32());
        Assert.AreEqual(1, summary.GetProperty("synced").GetInt32());

        // Issue 13, item 5: what status calls missing, pull restores.
        var pull = await repo.RunOkAsync("pull");
        Assert.IsTrue(repo.Exists("data/unmatched-later.bin"), pull.ToString());
    }

    [TestMethod]
    public async Task Status_RepeatedWithoutChanges_IsStableAndUsesStatCache()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "*.bin\n");
        repo.WriteRandom("data/a.bin", 5000, 1);
        await repo.RunOkAsync("add", "--all");
        var first = await repo.RunOkAsync("status");
        var second = await repo.RunOkAsync("status");
        Assert.AreEqual(first.Stdout, second.Stdout);

        // An in-place edit keeping size is still noticed (the stat cache keys on mtime/ctime/inode, not size alone).
        using (var fs = new FileStream(repo.PathOf("data/a.bin"), FileMode.Open, FileAccess.Write))
        {
            fs.WriteByte(0x42);
        }

        var third = await repo.RunOkAsync("status");
        Assert.AreEqual("modified data/a.bin (changed since add, not pushed)\n", third.Stdout, third.ToString());
    }

    [TestMethod]
    public async Task WithoutDatapattern_StatusShowsNoUntracked_AndAddAllFailsWithDT0005()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        repo.WriteRandom("b.bin", 100, 2);

        var status = await repo.RunOkAsync("status");
        Assert.IsFalse(status.Stdout.Contains("untracked", StringComparison.Ordinal), status.ToString());
        Assert.IsFalse(status.Stdout.Contains("a.bin", StringComparison.Ordinal), status.ToString());

        var json = await repo.RunOkAsync("status", "--json");
        Assert.AreEqual(0, JsonStates(json).Count, json.ToString());

        var manifestBefore = File.ReadAllBytes(repo.ManifestPath);
        var add = await repo.RunAsync("add", "--all");
        Assert.AreEqual(2, add.ExitCode, add.ToString());
        StringAssert.StartsWith(add.Stderr, "error DT0005: ");
        CollectionAssert.AreEqual(manifestBefore, File.ReadAllBytes(repo.ManifestPath));

        // Naming a file still works without a .datapattern.
        await repo.RunOkAsync("add", "data/a.bin");
        Assert.IsNull(repo.StorageKey("data/a.bin"));
    }
}
