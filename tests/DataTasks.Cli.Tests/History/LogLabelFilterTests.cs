using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>log --tag and --meta (issue 16) on a real history: the commits that changed entries carrying a tag or value.</summary>
[TestClass]
public sealed class LogLabelFilterTests
{
    /// <summary>
    /// Six commits, oldest first: raw data (raw.csv tagged raw, notes.txt untagged); model v1 (m.bin tagged model, stage
    /// dev); notes edited; model v2 with stage prod, notes edited again; raw.csv removed; notes tagged raw without a
    /// content change (a re-annotation).
    /// </summary>
    private static async Task BuildHistoryAsync(TempRepo repo)
    {
        Git.Run(repo.Root, "symbolic-ref", "HEAD", "refs/heads/main");
        repo.WriteRandom("data/raw.csv", 100, 1);
        repo.WriteRandom("data/notes.txt", 50, 2);
        await repo.RunOkAsync("add", "data/raw.csv", "--tag", "raw");
        await repo.RunOkAsync("add", "data/notes.txt");
        Git.CommitManifest(repo, "raw data");

        repo.WriteRandom("models/m.bin", 200, 3);
        await repo.RunOkAsync("add", "models/m.bin", "--tag", "model", "--meta", "stage=dev");
        Git.CommitManifest(repo, "model v1");

        repo.WriteRandom("data/notes.txt", 60, 4);
        await repo.RunOkAsync("add", "data/notes.txt");
        Git.CommitManifest(repo, "notes");

        repo.WriteRandom("models/m.bin", 210, 5);
        repo.WriteRandom("data/notes.txt", 70, 6);
        await repo.RunOkAsync("add", "models/m.bin", "data/notes.txt");
        await repo.RunOkAsync("annotate", "models/m.bin", "--meta", "stage=prod");
        Git.CommitManifest(repo, "model v2");

        await repo.RunOkAsync("rm", "data/raw.csv");
        Git.CommitManifest(repo, "drop raw");

        await repo.RunOkAsync("annotate", "data/notes.txt", "--tag", "raw");
        Git.CommitManifest(repo, "tag notes");
    }

    private static async Task<string[]> SubjectsAsync(TempRepo repo, params string[] filter)
    {
        var result = await repo.RunOkAsync(["log", .. filter, "--json"]);
        return [.. JsonNode.Parse(result.Stdout)!["commits"]!.AsArray().Select(c => c!["subject"]!.GetValue<string>())];
    }

    [TestMethod]
    public async Task TagAndMeta_SelectTheCommitsTouchingMatchingEntries_BeforeOrAfter()
    {
        using var repo = await TempRepo.CreateAsync();
        await BuildHistoryAsync(repo);

        CollectionAssert.AreEqual(
            new[] { "tag notes", "drop raw", "model v2", "notes", "model v1", "raw data" },
            await SubjectsAsync(repo),
            "without a filter every manifest commit shows");

        // The removal matches by the version it removed; tagging notes re-annotated an entry that now carries the tag,
        // while the earlier notes commits changed it when it did not.
        CollectionAssert.AreEqual(new[] { "tag notes", "drop raw", "raw data" }, await SubjectsAsync(repo, "--tag", "raw"));
        CollectionAssert.AreEqual(new[] { "model v2", "model v1" }, await SubjectsAsync(repo, "--tag", "model"));

        // model v2 changed m.bin from stage dev to prod: it matches both values.
        CollectionAssert.AreEqual(new[] { "model v2", "model v1" }, await SubjectsAsync(repo, "--meta", "stage=dev"));
        CollectionAssert.AreEqual(new[] { "model v2" }, await SubjectsAsync(repo, "--meta", "stage=prod"));
        CollectionAssert.AreEqual(new[] { "model v2" }, await SubjectsAsync(repo, "--tag", "model", "--meta", "stage=prod"));
        CollectionAssert.AreEqual(Array.Empty<string>(), await SubjectsAsync(repo, "--tag", "model", "--tag", "raw"), "every tag must match");
        CollectionAssert.AreEqual(Array.Empty<string>(), await SubjectsAsync(repo, "--meta", "stage=\"qa\""));
    }

    [TestMethod]
    public async Task Filter_KeepsOnlyTheMatchingChanges_AndWorksWithTheOtherOptions()
    {
        using var repo = await TempRepo.CreateAsync();
        await BuildHistoryAsync(repo);

        var json = JsonNode.Parse((await repo.RunOkAsync("log", "--tag", "model", "-n", "1", "--json")).Stdout)!;
        var commit = json["commits"]!.AsArray().Single()!;
        Assert.AreEqual("model v2", commit["subject"]!.GetValue<string>());
        var changes = commit["changes"]!.AsArray().Select(c => c!["path"]!.GetValue<string>()).ToArray();
        CollectionAssert.AreEqual(new[] { "models/m.bin" }, changes, "notes.txt changed in the same commit but carries no such tag");

        var oneline = await repo.RunOkAsync("log", "--tag", "model", "--oneline");
        Assert.AreEqual(2, oneline.OutLines.Length, oneline.ToString());
        StringAssert.EndsWith(oneline.OutLines[0], "model v2 (+0 -0 ~1 →0)");
        StringAssert.EndsWith(oneline.OutLines[1], "model v1 (+1 -0 ~0 →0)");

        var full = await repo.RunOkAsync("log", "--meta", "stage=prod");
        CollectionAssert.Contains(full.OutLines, "    model v2");
        Assert.IsFalse(full.Stdout.Contains("notes.txt", StringComparison.Ordinal), full.Stdout);

        // A path and a filter together: notes.txt carried the tag only from the commit that tagged it, which changed no
        // content, so its line is the commit's subject.
        var scoped = await repo.RunOkAsync("log", "data/notes.txt", "--tag", "raw", "--oneline");
        StringAssert.EndsWith(scoped.OutLines.Single(), " tag notes", scoped.ToString());
        var tagged = JsonNode.Parse((await repo.RunOkAsync("log", "--tag", "raw", "-n", "1", "--json")).Stdout)!["commits"]![0]!;
        Assert.AreEqual("tag notes", tagged["subject"]!.GetValue<string>());
        Assert.AreEqual(0, tagged["changes"]!.AsArray().Count);
        Assert.AreEqual("", (await repo.RunOkAsync("log", "data/raw.csv", "--tag", "model")).Stdout, "raw.csv never carried the tag model");

        var none = await repo.RunOkAsync("log", "--tag", "nosuchtag");
        Assert.AreEqual("", none.Stdout);
        Assert.AreEqual("", none.Stderr);
    }

    [TestMethod]
    [DataRow(new[] { "log", "--meta", "stage" }, "DT1101")]
    [DataRow(new[] { "log", "--tag", "two words" }, "DT0141")]
    public async Task BadFilter_IsAUsageError(string[] args, string code)
    {
        using var repo = await TempRepo.CreateAsync();

        var result = await repo.RunAsync(args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, $"error {code}: ");
        Assert.AreEqual(1, result.ErrLines.Length, result.ToString());
    }
}
