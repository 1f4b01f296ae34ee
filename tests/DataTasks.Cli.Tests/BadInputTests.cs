using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 4: bad input is refused with one DT line on stderr, the right exit code, and nothing written.</summary>
[TestClass]
public sealed partial class BadInputTests
{
    private const string GoodKey = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [GeneratedRegex(@"^error DT\d{4}: \S.*$")]
    private static partial Regex ErrorLine();

    internal static void AssertOneErrorLine(CliResult result, string code, int exitCode)
    {
        Assert.AreEqual(exitCode, result.ExitCode, result.ToString());
        var lines = result.ErrLines;
        Assert.AreEqual(1, lines.Length, $"stderr must be exactly one line:\n{result}");
        Assert.IsTrue(ErrorLine().IsMatch(lines[0]), $"not an 'error DTnnnn: ...' line: {lines[0]}");
        StringAssert.StartsWith(lines[0], $"error {code}: ", result.ToString());
        Assert.IsFalse(result.Stderr.Contains("   at ", StringComparison.Ordinal), "stack trace without --verbose");
        Assert.IsFalse(result.Stderr.Contains("Exception", StringComparison.Ordinal), "exception type name without --verbose");
    }

    private static string Manifest(string entryPath, string key = GoodKey) =>
        "{\n  \"version\": 2,\n  \"entries\": {\n    \"" + entryPath + "\": {\n      \"storage_key\": \"" + key + "\",\n      \"size\": 4,\n      \"created_at\": \"2024-01-02T03:04:05Z\"\n    }\n  }\n}\n";

    public static IEnumerable<object[]> BadManifests =>
    [
        ["malformed JSON", "{\n  \"version\": 2,\n  \"entries\": { oops }\n}\n", "DT0101"],
        ["truncated JSON", "{\n  \"version\": 2,\n  \"entries\": {\n", "DT0101"],
        ["version 3", "{\n  \"version\": 3,\n  \"entries\": {}\n}\n", "DT0102"],
        ["uppercase key", Manifest("data/a.bin", GoodKey.ToUpperInvariant()), "DT0105"],
        ["short key", Manifest("data/a.bin", GoodKey[..63]), "DT0105"],
        ["non-hex key", Manifest("data/a.bin", GoodKey[..63] + "g"), "DT0105"],
        ["../x", Manifest("../x"), "DT0104"],
        ["/abs", Manifest("/abs"), "DT0104"],
        ["a//b", Manifest("a//b"), "DT0104"],
        ["./a", Manifest("./a"), "DT0104"],
        [".git/x", Manifest(".git/x"), "DT0104"],
        [".datatasks/x", Manifest(".datatasks/x"), "DT0104"],
        ["C:/x", Manifest("C:/x"), "DT0104"],
        ["a\\b", Manifest("a\\\\b"), "DT0104"],
        ["data/../../x", Manifest("data/../../x"), "DT0104"],
    ];

    public static string BadManifestName(System.Reflection.MethodInfo method, object?[]? data) => $"{method.Name}({data![0]})";

    [TestMethod]
    [DynamicData(nameof(BadManifests), DynamicDataDisplayName = nameof(BadManifestName))]
    public async Task BadManifest_IsRefusedByEveryCommand_AndNothingIsWritten(string name, string manifest, string code)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteRandom("data/a.bin", 4, 1);
        File.WriteAllText(repo.ManifestPath, manifest);
        var manifestBytes = File.ReadAllBytes(repo.ManifestPath);
        var tree = Snapshot.Take(repo.Base);

        string[][] commands =
        [
            ["status"], ["status", "--json"], ["add", "--all"], ["add", "data/a.bin"], ["push"], ["push", "--dry-run"],
            ["pull"], ["pull", "--dry-run"], ["verify"], ["tree"], ["rm", "data/a.bin"],
        ];
        foreach (var args in commands)
        {
            var result = await repo.RunAsync(args);
            AssertOneErrorLine(result, code, exitCode: 2);
            CollectionAssert.AreEqual(manifestBytes, File.ReadAllBytes(repo.ManifestPath), $"{name}: {string.Join(' ', args)} rewrote artifacts.json");
            tree.AssertUnchanged($"{name}: {string.Join(' ', args)}");
        }

        Assert.IsFalse(Directory.Exists(repo.Cache), "no machine cache was created");
    }

    [TestMethod]
    public async Task MalformedJson_MessageGivesFileLineAndColumn()
    {
        using var repo = await TempRepo.CreateAsync();
        File.WriteAllText(repo.ManifestPath, "{\n  \"version\": 2,\n  \"entries\": { oops }\n}\n");
        var result = await repo.RunAsync("status");
        AssertOneErrorLine(result, "DT0101", 2);
        StringAssert.Contains(result.Stderr, "artifacts.json:3:16:", result.ToString());
    }

    [TestMethod]
    public async Task Verbose_AddsTheStackTrace()
    {
        using var repo = await TempRepo.CreateAsync();
        File.WriteAllText(repo.ManifestPath, "{\n  \"version\": 3,\n  \"entries\": {}\n}\n");
        var result = await repo.RunAsync("--verbose", "status");
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error DT0102: ");
        Assert.IsTrue(result.ErrLines.Length > 1, result.ToString());
        StringAssert.Contains(result.Stderr, "   at ", result.ToString());
    }

    [TestMethod]
    [DataRow("frobnicate")]
    [DataRow("--frobnicate", "status")]
    [DataRow("status", "--frobnicate")]
    [DataRow("push", "--jobs", "0")]
    [DataRow("push", "--jobs")]
    [DataRow("--frobnicate")]
    public async Task UnknownCommandOrOption_IsDT0001_Exit2(params string[] args)
    {
        using var repo = await TempRepo.CreateAsync();
        var tree = Snapshot.Take(repo.Base);
        var result = await repo.RunAsync(args);
        AssertOneErrorLine(result, "DT0001", 2);
        tree.AssertUnchanged(string.Join(' ', args));
    }

    [TestMethod]
    public async Task PathOutsideRepository_IsDT0003()
    {
        using var repo = await TempRepo.CreateAsync();
        File.WriteAllText(Path.Join(repo.Base, "outside.bin"), "x");
        var tree = Snapshot.Take(repo.Base);
        foreach (var args in new[]
        {
            new[] { "add", "../outside.bin" },
            ["add", Path.Join(repo.Base, "outside.bin")],
            ["status", ".."],
            ["rm", "../outside.bin"],
            ["pull", "../x"],
            ["verify", "data/../../outside.bin"],
        })
        {
            var result = await repo.RunAsync(args);
            AssertOneErrorLine(result, "DT0003", 2);
            tree.AssertUnchanged(string.Join(' ', args));
        }
    }

    [TestMethod]
    public async Task NoManifestUpTheTree_IsDT0002()
    {
        using var repo = TempRepo.CreateBare();
        var sub = Path.Join(repo.Root, "a", "b");
        Directory.CreateDirectory(sub);
        for (var d = new DirectoryInfo(sub); d is not null; d = d.Parent)
        {
            Assert.IsFalse(File.Exists(Path.Join(d.FullName, "artifacts.json")), $"precondition: stray {d.FullName}/artifacts.json");
        }

        foreach (var args in new[] { new[] { "status" }, ["add", "--all"], ["pull"], ["push"], ["verify"], ["tree"] })
        {
            var result = await repo.RunInAsync(sub, args);
            AssertOneErrorLine(result, "DT0002", 2);
        }

        Assert.AreEqual(0, Directory.GetFileSystemEntries(repo.Root, "*", SearchOption.AllDirectories).Length - 2, "nothing was created");
    }

    [TestMethod]
    public async Task MissingChdirDirectory_IsDT0006()
    {
        using var repo = await TempRepo.CreateAsync();
        var result = await repo.RunAsync("-C", "no/such/dir", "status");
        AssertOneErrorLine(result, "DT0006", 2);
    }

    [TestMethod]
    public async Task InvalidConfigJson_IsDT0204_ForPushAndInit()
    {
        using var repo = await TempRepo.CreateAsync();
        var config = Path.Join(repo.Root, ".datatasks", "config.json");
        File.WriteAllText(config, "{ \"remote\": ");
        var tree = Snapshot.Take(repo.Base);

        AssertOneErrorLine(await repo.RunAsync("push"), "DT0204", 2);
        tree.AssertUnchanged("push with an invalid config");

        // init --remote rewrites the config; an invalid one must be refused the same way, not crash.
        var init = await repo.RunAsync("init", "--remote", repo.Remote);
        AssertOneErrorLine(init, "DT0204", 2);
        tree.AssertUnchanged("init with an invalid config");

        // A top level that is not an object is refused too, rather than silently replaced.
        File.WriteAllText(config, "[\"not an object\"]\n");
        tree = Snapshot.Take(repo.Base);
        AssertOneErrorLine(await repo.RunAsync("init", "--remote", repo.Remote), "DT0204", 2);
        AssertOneErrorLine(await repo.RunAsync("push"), "DT0204", 2);
        tree.AssertUnchanged("config whose top level is an array");

        // What the config loader accepts (comments, trailing commas), init --remote accepts and updates.
        File.WriteAllText(config, "{\n  // team remote\n  \"remote\": \"elsewhere\",\n  \"other\": 1,\n}\n");
        var ok = await repo.RunAsync("init", "--remote", repo.Remote);
        Assert.AreEqual(0, ok.ExitCode, ok.ToString());
        var written = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!;
        Assert.AreEqual(repo.Remote, written["remote"]!.GetValue<string>());
        Assert.AreEqual(1, written["other"]!.GetValue<int>(), "init keeps the other settings");
    }
}
