using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Metadata;

/// <summary>Issue 16: describe and find over a real repository, a monorepo's namespaces, and 10,000 entries.</summary>
[TestClass]
public sealed class DescribeFindTests
{
    private static async Task<TempRepo> LineageRepoAsync()
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/raw.csv", 2048, 1);
        repo.WriteRandom("models/model.bin", 1000, 2);
        await repo.RunOkAsync("add", "data/raw.csv", "--description", "raw survey export", "--tag", "raw");
        await repo.RunOkAsync("add", "models/model.bin", "--description", "classifier", "--tag", "model", "--input", "data/raw.csv",
            "--meta", "a=1", "--meta", "b=2", "--meta", "c=\"three\"");
        return repo;
    }

    [TestMethod]
    public async Task DescribeFindLineage_ShowControlCharactersFromACommittedManifest_NeverSendThemToTheTerminal()
    {
        using var repo = await LineageRepoAsync();
        var manifest = repo.Manifest;
        var raw = manifest["entries"]!["data/raw.csv"]!.AsObject();
        raw["description"] = "export\u001b[31mred\u0007\nforged line";
        raw["metadata"] = new JsonObject { ["note"] = "x\u001b]0;title\u0007y\u009b" };
        repo.WriteText("artifacts.json", manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        foreach (var args in new[] { new[] { "describe" }, ["find", "raw", "--desc"], ["lineage", "data/raw.csv"] })
        {
            var run = await repo.RunOkAsync(args);
            Assert.IsFalse(run.Stdout.Any(c => char.IsControl(c) && c is not '\n' and not '\r'), $"{string.Join(' ', args)} wrote a control character: {run}");
            StringAssert.Contains(run.Stdout, "export\\x1b[31mred\\x07\\nforged line", run.ToString());
            Assert.IsFalse(run.OutLines.Any(l => l.StartsWith("forged line", StringComparison.Ordinal)), run.ToString());
        }

        var describe = await repo.RunOkAsync("describe", "data/raw.csv");
        StringAssert.Contains(describe.Stdout, "note=x\\x1b]0;title\\x07y\\u009b", describe.ToString());
    }

    [TestMethod]
    public async Task FindMeta_ADottedKeyReachesIntoAnObject_ATopLevelKeyWithADotMatchesItselfFirst()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 10, 1);
        repo.WriteRandom("data/b.bin", 10, 2);
        await repo.RunOkAsync("add", "data/a.bin", "--meta", "run={\"name\":\"train\",\"opts\":{\"lr\":0.1}}");
        await repo.RunOkAsync("add", "data/b.bin", "--meta", "run.name=train");

        var found = (await repo.RunOkAsync("find", "--meta", "run.name=train")).OutLines;
        CollectionAssert.AreEquivalent(new[] { "data/a.bin", "data/b.bin" }, found);
        CollectionAssert.AreEqual(new[] { "data/a.bin" }, (await repo.RunOkAsync("find", "--meta", "run.opts.lr=0.1")).OutLines);
        Assert.IsEmpty((await repo.RunOkAsync("find", "--meta", "run.name.x=train")).OutLines);

        await repo.RunOkAsync("annotate", "data/b.bin", "--meta", "q={\"s\":\"it's <ok> & é\"}");
        CollectionAssert.Contains((await repo.RunOkAsync("describe", "data/b.bin")).OutLines, "    metadata: q={\"s\":\"it's <ok> & é\"}, run.name=train",
            "text output writes JSON for people, not \\u0027 escapes");
    }

    [TestMethod]
    public async Task Describe_ShowsTotalsFoldersDependentsAndTruncatedMetadata()
    {
        using var repo = await LineageRepoAsync();

        var text = await repo.RunOkAsync("describe", "--max-fields", "2");

        StringAssert.Contains(text.OutLines[0], "2 entries");
        StringAssert.Contains(text.OutLines[0], "2 not pushed, 2 described; tags: model (1), raw (1)");
        CollectionAssert.Contains(text.OutLines, "data/");
        CollectionAssert.Contains(text.OutLines, "  raw.csv  raw survey export");
        CollectionAssert.Contains(text.OutLines, "    dependents: models/model.bin");
        CollectionAssert.Contains(text.OutLines, "    inputs: data/raw.csv");
        CollectionAssert.Contains(text.OutLines, "    metadata: a=1, b=2 … and 1 more");

        var json = JsonNode.Parse((await repo.RunOkAsync("describe", "--tag", "model", "--json")).Stdout)!;
        Assert.AreEqual(1, json["count"]!.GetValue<int>());
        var model = json["folders"]![0]!["entries"]![0]!;
        Assert.AreEqual("models/model.bin", model["path"]!.GetValue<string>());
        Assert.AreEqual("not_pushed", model["status"]!.GetValue<string>());
        Assert.AreEqual(3, model["metadata"]!.AsObject().Count, "the default shows five fields");
        Assert.AreEqual(0, model["metadata_left_out"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Find_ByTextGlobDescriptionTagAndMetadata()
    {
        using var repo = await LineageRepoAsync();

        async Task<string[]> Find(params string[] args) =>
            [.. JsonNode.Parse((await repo.RunOkAsync(["find", .. args, "--json"])).Stdout)!["entries"]!.AsArray().Select(e => e!["path"]!.GetValue<string>())];

        CollectionAssert.AreEqual(new[] { "data/raw.csv" }, await Find("RAW"));
        CollectionAssert.AreEqual(new[] { "models/model.bin" }, await Find("models/*.bin"));
        CollectionAssert.AreEqual(Array.Empty<string>(), await Find("survey"));
        CollectionAssert.AreEqual(new[] { "data/raw.csv" }, await Find("survey", "--desc"));
        CollectionAssert.AreEqual(new[] { "models/model.bin" }, await Find("--tag", "model"));
        CollectionAssert.AreEqual(new[] { "models/model.bin" }, await Find("--meta", "c=three"));
        CollectionAssert.AreEqual(Array.Empty<string>(), await Find("--meta", "a=2"));
    }

    [TestMethod]
    public async Task Find_SearchesTheNamespacesOfExportJson()
    {
        using var repo = await TempRepo.CreateAsync(init: false);
        foreach (var (ns, seed) in new[] { ("pesto", 1), ("carbonara", 2) })
        {
            var dir = Path.Join(repo.Root, "models", ns);
            Directory.CreateDirectory(Path.Join(dir, "data"));
            Assert.AreEqual(0, (await repo.RunInAsync(dir, "init", "--no-install")).ExitCode);
            File.WriteAllBytes(Path.Join(dir, "data", $"{ns}.bin"), TestBytes.Seeded(100, seed));
            Assert.AreEqual(0, (await repo.RunInAsync(dir, "add", "data", "--tag", "weights")).ExitCode);
        }

        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{ "pesto": "models/pesto", "carbonara": "models/carbonara" }""");
        var pesto = Path.Join(repo.Root, "models", "pesto");

        var local = await repo.RunInAsync(pesto, "find", "--tag", "weights");
        Assert.AreEqual("data/pesto.bin  [weights]\n", local.Stdout, local.ToString());
        var other = await repo.RunInAsync(pesto, "find", "--extern", "carbonara");
        Assert.AreEqual("carbonara:data/carbonara.bin  [weights]\n", other.Stdout, other.ToString());
        var all = await repo.RunInAsync(pesto, "find", "--all", "--json");
        var refs = JsonNode.Parse(all.Stdout)!["entries"]!.AsArray().Select(e => e!["reference"]!.GetValue<string>()).ToArray();
        CollectionAssert.AreEqual(new[] { "data/pesto.bin", "carbonara:data/carbonara.bin" }, refs, "this repository once, then the other namespaces");

        var annotate = await repo.RunInAsync(pesto, "annotate", "data/pesto.bin", "--input", "carbonara:data/carbonara.bin", "--strict");
        Assert.AreEqual(0, annotate.ExitCode, annotate.ToString());
        var dangling = await repo.RunInAsync(pesto, "annotate", "data/pesto.bin", "--input", "carbonara:data/nope.bin", "--strict");
        StringAssert.StartsWith(dangling.Stderr, "error DT0143");

        // A declared namespace whose folder has no artifacts.json yet is a dangling input too: a warning, not DT0704.
        Directory.CreateDirectory(Path.Join(repo.Root, "models", "empty"));
        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{ "pesto": "models/pesto", "carbonara": "models/carbonara", "empty": "models/empty" }""");
        var unread = await repo.RunInAsync(pesto, "annotate", "data/pesto.bin", "--input", "empty:data/later.bin");
        Assert.AreEqual(0, unread.ExitCode, unread.ToString());
        StringAssert.StartsWith(unread.Stderr, "warning DT0143: input 'empty:data/later.bin' names namespace 'empty', which cannot be read (DT0704", unread.ToString());
        var strictUnread = await repo.RunInAsync(pesto, "annotate", "data/pesto.bin", "--input", "empty:data/later.bin", "--input", "empty:data/other.bin", "--strict");
        StringAssert.StartsWith(strictUnread.Stderr, "error DT0143", strictUnread.ToString());
    }

    [TestMethod]
    public async Task DescribeAndFind_On10000Entries()
    {
        using var repo = await TempRepo.CreateAsync();
        var text = new StringBuilder("{\"version\":2,\"entries\":{");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append(i == 0 ? "" : ",")
                .Append($"\"data/f{i / 100:D3}/e{i:D5}.bin\":{{\"storage_key\":null,\"size\":{i},\"created_at\":\"2026-01-01T00:00:00Z\",")
                .Append($"\"description\":\"entry {i}\",\"tags\":[\"t{i % 10}\"],\"inputs\":[{(i == 0 ? "" : $"\"data/f{(i - 1) / 100:D3}/e{i - 1:D5}.bin\"")}],")
                .Append($"\"metadata\":{{\"i\":{i},\"even\":{(i % 2 == 0 ? "true" : "false")}}}}}");
        }

        repo.WriteText("artifacts.json", text.Append("}}").ToString());
        var watch = Stopwatch.StartNew();
        var describe = JsonNode.Parse((await repo.RunOkAsync("describe", "--json")).Stdout)!;
        var find = JsonNode.Parse((await repo.RunOkAsync("find", "--tag", "t3", "--meta", "even=false", "--json")).Stdout)!;
        watch.Stop();

        Assert.AreEqual(10_000, describe["count"]!.GetValue<int>());
        Assert.AreEqual(100, describe["folders"]!.AsArray().Count);
        Assert.AreEqual("data/f000/e00001.bin", describe["folders"]![0]!["entries"]![0]!["dependents"]![0]!.GetValue<string>());
        Assert.AreEqual(1000, find["count"]!.GetValue<int>(), "every entry ending in 3 is odd");
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(60), $"describe and find took {watch.Elapsed}");
    }
}
