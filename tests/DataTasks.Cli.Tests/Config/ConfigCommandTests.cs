using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Config;

/// <summary>
/// dotnet data config on real repositories: in-process for what reads the repository's files, the real tool as a
/// child process where a variable or the user's file takes part (the in-process tool sees the test host's environment).
/// </summary>
[TestClass]
public sealed class ConfigCommandTests
{
    private static string ConfigJson(TempRepo repo) => File.ReadAllText(Path.Join(repo.Root, ".datatasks", "config.json"));

    private static JsonObject ConfigObject(TempRepo repo, string file = "config.json") =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Join(repo.Root, ".datatasks", file)))!;

    /// <summary>A child-process environment with its own user config folder and no cache variable (so the ladder decides).</summary>
    private static Dictionary<string, string?> Isolated(TempRepo repo, params (string Name, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["XDG_CONFIG_HOME"] = Path.Join(repo.Base, "xdg"),
            ["DATATASKS_CACHE_DIR"] = null,
            ["DATATASKS_HOSTNAME"] = "laptop",
        };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }

        return env;
    }

    [TestMethod]
    public async Task SetGetUnset_InConfigJson_KeepOtherKeysAndValidJson()
    {
        using var repo = await TempRepo.CreateAsync();

        var set = await repo.RunOkAsync("config", "set", "gc.grace", "48h");
        Assert.AreEqual("set gc.grace in .datatasks/config.json\n", set.Stdout);
        var file = ConfigObject(repo);
        Assert.AreEqual(repo.Remote, (string?)file["remote"], "the key init wrote is still there");
        Assert.AreEqual("48h", (string?)file["gc"]!["grace"]);

        Assert.AreEqual("48h\n", (await repo.RunOkAsync("config", "get", "gc.grace")).Stdout);
        Assert.AreEqual("file:.datatasks/config.json\t48h\n", (await repo.RunOkAsync("config", "get", "gc.grace", "--show-origin")).Stdout);

        await repo.RunOkAsync("config", "set", "hooks.hydrate", "false");
        Assert.IsFalse((bool?)ConfigObject(repo)["hooks"]!["hydrate"], "true and false are written as JSON booleans");

        await repo.RunOkAsync("config", "unset", "gc.grace");
        file = ConfigObject(repo);
        Assert.IsFalse(file.ContainsKey("gc"), $"the emptied section goes too:\n{ConfigJson(repo)}");
        Assert.AreEqual(repo.Remote, (string?)file["remote"]);

        var again = await repo.RunAsync("config", "unset", "gc.grace");
        Assert.AreEqual(1, again.ExitCode, again.ToString());
        StringAssert.StartsWith(again.Stderr, "error DT0914: 'gc.grace' is not set in .datatasks/config.json");

        var get = await repo.RunAsync("config", "get", "gc.grace");
        Assert.AreEqual(1, get.ExitCode, get.ToString());
        Assert.AreEqual("", get.Stdout);
        StringAssert.StartsWith(get.Stderr, "error DT0914:");
    }

    [TestMethod]
    public async Task Local_WinsOverConfigJson_AndListShowsEachOrigin()
    {
        using var repo = await TempRepo.CreateAsync();
        var local = Path.Join(repo.Base, "local-remote");

        var set = await repo.RunOkAsync("config", "set", "remote", local, "--local");
        Assert.AreEqual("set remote in .datatasks/config.local.json\n", set.Stdout);
        Assert.AreEqual(repo.Remote, (string?)ConfigObject(repo)["remote"], "config.json is untouched");
        await repo.RunOkAsync("config", "set", "s3.region", "eu-west-1");

        var list = await repo.RunOkAsync("config", "list", "--show-origin");
        CollectionAssert.Contains(list.OutLines, $"file:.datatasks/config.local.json\tremote={local}", list.Stdout);
        CollectionAssert.Contains(list.OutLines, "file:.datatasks/config.json\ts3.region=eu-west-1", list.Stdout);
        Assert.IsTrue(list.OutLines.Any(l => l.StartsWith("default\tcache=", StringComparison.Ordinal)), list.Stdout);

        var plain = await repo.RunOkAsync("config", "list");
        CollectionAssert.Contains(plain.OutLines, $"remote={local}", plain.Stdout);
        Assert.AreEqual(plain.Stdout, (await repo.RunOkAsync("config")).Stdout, "bare config lists");
    }

    [TestMethod]
    public async Task Json_ListAndGet_CarryValueRawAndOrigin()
    {
        using var repo = await TempRepo.CreateAsync();
        await repo.RunOkAsync("config", "set", "symbols.data", "$repo/../datasets");
        await repo.RunOkAsync("config", "set", "remote", "$data/remote");

        var list = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("config", "list", "--json")).Stdout)!;
        var remote = list["values"]!.AsArray().Single(v => (string?)v!["key"] == "remote")!;
        Assert.AreEqual(repo.Root + "/../datasets/remote", (string?)remote["value"], "path values are shown expanded");
        Assert.AreEqual("$data/remote", (string?)remote["raw"]);
        Assert.AreEqual("file", (string?)remote["origin"]!["kind"]);
        Assert.AreEqual(".datatasks/config.json", (string?)remote["origin"]!["name"]);

        var get = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("config", "get", "symbols.data", "--json")).Stdout)!;
        Assert.AreEqual("symbols.data", (string?)get["key"]);
        Assert.AreEqual("$repo/../datasets", (string?)get["value"], "a symbol is shown as written");

        var set = (JsonObject)JsonNode.Parse((await repo.RunOkAsync("config", "set", "s3.max_concurrency", "16", "--json")).Stdout)!;
        Assert.AreEqual(16, (int?)set["value"]);
        Assert.AreEqual(".datatasks/config.json", (string?)set["file"]);
    }

    [TestMethod]
    public async Task HostOverride_IsWrittenUnderHosts_AndAppliesOnlyOnMatchingHosts()
    {
        using var repo = await TempRepo.CreateAsync();
        var scratch = Path.Join(repo.Base, "scratch");
        var set = await repo.RunOkAsync("config", "set", "cache", scratch, "--host", "login*.hpc.example.edu");
        Assert.AreEqual("set cache in .datatasks/config.json hosts[login*.hpc.example.edu]\n", set.Stdout);
        Assert.AreEqual(scratch, (string?)ConfigObject(repo)["hosts"]!["login*.hpc.example.edu"]!["cache"]);

        var login = await repo.RunProcessAsync(["config", "get", "cache", "--show-origin"], Isolated(repo, ("DATATASKS_HOSTNAME", "login2.hpc.example.edu")));
        Assert.AreEqual(0, login.ExitCode, login.ToString());
        Assert.AreEqual($"file:.datatasks/config.json hosts[login*.hpc.example.edu]\t{scratch}\n", login.Stdout);

        var laptop = await repo.RunProcessAsync(["config", "get", "cache", "--show-origin"], Isolated(repo));
        Assert.AreEqual(0, laptop.ExitCode, laptop.ToString());
        StringAssert.StartsWith(laptop.Stdout, "default\t");

        await repo.RunOkAsync("config", "unset", "cache", "--host", "login*.hpc.example.edu");
        Assert.IsFalse(ConfigObject(repo).ContainsKey("hosts"), "the last override gone, hosts goes too");
    }

    [TestMethod]
    public async Task Variable_BeatsEveryFile_AndDrivesTheCacheACommandUses()
    {
        using var repo = await TempRepo.CreateAsync();
        await repo.RunOkAsync("config", "set", "remote", Path.Join(repo.Base, "local-remote"), "--local");
        var fromEnv = Path.Join(repo.Base, "env-remote");

        var get = await repo.RunProcessAsync(["config", "get", "remote", "--show-origin"], Isolated(repo, ("DATATASKS_REMOTE", fromEnv)));
        Assert.AreEqual(0, get.ExitCode, get.ToString());
        Assert.AreEqual($"env:DATATASKS_REMOTE\t{fromEnv}\n", get.Stdout);

        // The cache named in config.json is the one pull fills; the variable then moves it.
        var fileCache = Path.Join(repo.Base, "file-cache");
        await repo.RunOkAsync("config", "set", "cache", fileCache);
        await repo.RunOkAsync("config", "unset", "remote", "--local");
        repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/a.bin"));
        var pull = await repo.RunProcessAsync(["pull"], Isolated(repo));
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(TempRepo.AnyNonEmptyFile(Path.Join(fileCache, "objects")), "pull used the configured cache");

        var envCache = Path.Join(repo.Base, "env-cache");
        var list = await repo.RunProcessAsync(["config", "list", "--show-origin"], Isolated(repo, ("DATATASKS_CACHE", envCache)));
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        CollectionAssert.Contains(list.OutLines, $"env:DATATASKS_CACHE\tcache={envCache}", list.Stdout);
    }

    [TestMethod]
    public async Task User_WritesTheUsersFile_WhichTheRepositoryFilesOverride()
    {
        using var repo = await TempRepo.CreateAsync();
        var userFile = Path.Join(repo.Base, "xdg", "datatasks", "config.json");

        var set = await repo.RunProcessAsync(["config", "set", "s3.profile", "mine", "--user"], Isolated(repo));
        Assert.AreEqual(0, set.ExitCode, set.ToString());
        Assert.AreEqual("mine", (string?)JsonNode.Parse(File.ReadAllText(userFile))!["s3"]!["profile"]);
        var remoteSet = await repo.RunProcessAsync(["config", "set", "remote", "/from-user", "--user"], Isolated(repo));
        Assert.AreEqual(0, remoteSet.ExitCode, remoteSet.ToString());

        var list = await repo.RunProcessAsync(["config", "list", "--show-origin"], Isolated(repo));
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        CollectionAssert.Contains(list.OutLines, $"file:{userFile}\ts3.profile=mine", list.Stdout);
        CollectionAssert.Contains(list.OutLines, $"file:.datatasks/config.json\tremote={repo.Remote}", list.Stdout);
    }

    [TestMethod]
    [DataRow(new[] { "config", "frob" }, "DT0001", 2, DisplayName = "unknown action")]
    [DataRow(new[] { "config", "get" }, "DT0001", 2, DisplayName = "get without a key")]
    [DataRow(new[] { "config", "set", "remote" }, "DT0001", 2, DisplayName = "set without a value")]
    [DataRow(new[] { "config", "list", "--local" }, "DT0001", 2, DisplayName = "list --local")]
    [DataRow(new[] { "config", "set", "a", "b", "--local", "--user" }, "DT0001", 2, DisplayName = "two targets")]
    [DataRow(new[] { "config", "set", "cache", "/x", "--host", "login[1" }, "DT0912", 2, DisplayName = "invalid host glob")]
    [DataRow(new[] { "config", "set", "hosts.x", "1" }, "DT0913", 2, DisplayName = "hosts by key")]
    [DataRow(new[] { "config", "set", "a..b", "1" }, "DT0913", 2, DisplayName = "empty segment")]
    [DataRow(new[] { "config", "set", "remote.x", "1" }, "DT0913", 2, DisplayName = "under a value")]
    [DataRow(new[] { "config", "get", "nope" }, "DT0914", 1, DisplayName = "get unset key")]
    public async Task BadInput_IsOneLineWithACode(string[] args, string code, int exit)
    {
        using var repo = await TempRepo.CreateAsync();
        var before = ConfigJson(repo);

        var result = await repo.RunAsync(args);

        Assert.AreEqual(exit, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrLines, result.ToString());
        StringAssert.StartsWith(result.Stderr, $"error {code}: ");
        Assert.AreEqual(before, ConfigJson(repo), "nothing was written");
    }

    [TestMethod]
    public async Task UnknownSymbolAndCycle_AreErrorsNamingThem()
    {
        using var repo = await TempRepo.CreateAsync();
        await repo.RunOkAsync("config", "set", "cache", "$nowhere/cache");
        var unknown = await repo.RunAsync("config", "list");
        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
        StringAssert.StartsWith(unknown.Stderr, "error DT0910: .datatasks/config.json: \"cache\": unknown symbol $nowhere");

        await repo.RunOkAsync("config", "set", "symbols.a", "$b");
        await repo.RunOkAsync("config", "set", "symbols.b", "$a/x");
        await repo.RunOkAsync("config", "set", "cache", "$a");
        var cycle = await repo.RunAsync("config", "get", "cache");
        Assert.AreEqual(2, cycle.ExitCode, cycle.ToString());
        StringAssert.StartsWith(cycle.Stderr, "error DT0911: ");
        StringAssert.Contains(cycle.Stderr, "$a -> $b -> $a");

        var glob = Path.Join(repo.Root, ".datatasks", "config.json");
        File.WriteAllText(glob, """{"hosts": {"bad glob": {}}}""");
        var invalid = await repo.RunAsync("config", "list");
        Assert.AreEqual(2, invalid.ExitCode, invalid.ToString());
        StringAssert.StartsWith(invalid.Stderr, "error DT0912: .datatasks/config.json: host glob \"bad glob\"");
    }

    [TestMethod]
    public async Task OutsideARepository_ListReadsTheUsersFile_AndSetNeedsARepository()
    {
        using var repo = TempRepo.CreateBare();
        var userFile = Path.Join(repo.Base, "xdg", "datatasks", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(userFile)!);
        File.WriteAllText(userFile, """{"gc": {"grace": "12h"}}""");

        var list = await repo.RunProcessAsync(["config", "list", "--show-origin"], Isolated(repo));
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        CollectionAssert.Contains(list.OutLines, $"file:{userFile}\tgc.grace=12h", list.Stdout);

        var set = await repo.RunProcessAsync(["config", "set", "gc.grace", "1h"], Isolated(repo));
        Assert.AreEqual(2, set.ExitCode, set.ToString());
        StringAssert.StartsWith(set.Stderr, "error DT0002: ");
    }

    [TestMethod]
    public async Task BrokenRepositoryFile_DoesNotStopWritingTheOtherFiles()
    {
        using var repo = await TempRepo.CreateAsync();
        var configJson = Path.Join(repo.Root, ".datatasks", "config.json");
        File.WriteAllText(configJson, "{oops");
        var user = await repo.RunProcessAsync(["config", "set", "gc.grace", "1h", "--user"], Isolated(repo));
        Assert.AreEqual(0, user.ExitCode, user.ToString());
        await repo.RunOkAsync("config", "set", "gc.grace", "2h", "--local");
        var list = await repo.RunAsync("config", "list");
        Assert.AreEqual(2, list.ExitCode, list.ToString());
        StringAssert.StartsWith(list.Stderr, "error DT0204: .datatasks/config.json:");

        File.WriteAllText(configJson, """{"cache": "$nowhere"}""");
        Assert.AreEqual(2, (await repo.RunAsync("config", "list")).ExitCode);
        await repo.RunOkAsync("config", "unset", "cache");
        Assert.AreEqual(0, (await repo.RunAsync("config", "list")).ExitCode, "fixed by unset");
    }

    [TestMethod]
    public async Task Help_ListsTheFourForms()
    {
        var help = await CliRunner.RunInProcessAsync(["config", "--help"], Path.GetTempPath());
        Assert.AreEqual(0, help.ExitCode, help.ToString());
        foreach (var form in new[] { "config list", "config get <key>", "config set <key> <value>", "config unset <key>" })
        {
            StringAssert.Contains(help.Stdout, $"dotnet data {form}");
        }
    }
}
