using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 6: where the remote comes from, how it is spelled, and -C.</summary>
[TestClass]
public sealed class ConfigTests
{
    private static void WriteConfig(TempRepo repo, string file, string remote) =>
        File.WriteAllText(Path.Join(repo.Root, ".datatasks", file), $"{{\n  \"remote\": {System.Text.Json.JsonSerializer.Serialize(remote)}\n}}\n");

    /// <summary>Makes the four candidate remotes and a repo with one added file; returns the folders by name.</summary>
    private static async Task<(TempRepo Repo, Dictionary<string, string> Remotes, string Key)> Setup()
    {
        var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        var remotes = new[] { "json", "local", "env", "option" }.ToDictionary(n => n, n => Path.Join(repo.Base, "remote-" + n));
        foreach (var r in remotes.Values)
        {
            Directory.CreateDirectory(r);
        }

        var bytes = repo.WriteRandom("data/x.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/x.bin");
        return (repo, remotes, TestHash.Sha256(bytes));
    }

    private static string WhereIsIt(Dictionary<string, string> remotes, string key)
    {
        var found = remotes.Where(r => File.Exists(Path.Join(r.Value, key))).Select(r => r.Key).ToList();
        Assert.AreEqual(1, found.Count, $"object in {found.Count} remotes: {string.Join(", ", found)}");
        return found[0];
    }

    [TestMethod]
    [DataRow(false, false, "json")]
    [DataRow(true, false, "local")]
    [DataRow(true, true, "option")]
    [DataRow(false, true, "option")]
    public async Task RemotePrecedence_InProcess(bool withLocal, bool withOption, string expected)
    {
        var (repo, remotes, key) = await Setup();
        using var _ = repo;
        WriteConfig(repo, "config.json", remotes["json"]);
        if (withLocal)
        {
            WriteConfig(repo, "config.local.json", remotes["local"]);
        }

        var result = withOption ? await repo.RunAsync("--remote", remotes["option"], "push") : await repo.RunAsync("push");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(expected, WhereIsIt(remotes, key));
    }

    [TestMethod]
    [DataRow(false, "env")]
    [DataRow(true, "option")]
    public async Task RemotePrecedence_EnvironmentVariable_OutOfProcess(bool withOption, string expected)
    {
        var (repo, remotes, key) = await Setup();
        using var _ = repo;
        WriteConfig(repo, "config.json", remotes["json"]);
        WriteConfig(repo, "config.local.json", remotes["local"]);
        var env = new Dictionary<string, string?> { ["DATATASKS_REMOTE"] = remotes["env"] };
        string[] args = withOption ? ["push", "--remote", remotes["option"]] : ["push"];
        var result = await repo.RunProcessAsync(args, env);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(expected, WhereIsIt(remotes, key));
    }

    [TestMethod]
    public async Task RemoteRelativeToRepoRoot_Works_EvenFromASubfolder()
    {
        using var repo = await TempRepo.CreateAsync(withRemote: false);
        var remote = Path.Join(repo.Base, "rel-remote");
        Directory.CreateDirectory(remote);
        WriteConfig(repo, "config.json", "../rel-remote");
        var bytes = repo.WriteRandom("data/sub/x.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/sub/x.bin");

        var push = await repo.RunInAsync(repo.PathOf("data/sub"), "push");
        Assert.AreEqual(0, push.ExitCode, push.ToString());
        Assert.IsTrue(File.Exists(Path.Join(remote, TestHash.Sha256(bytes))), "relative remote resolved against the repo root");
        Assert.IsFalse(Directory.Exists(Path.Join(repo.PathOf("data"), "rel-remote")));

        File.Delete(repo.PathOf("data/sub/x.bin"));
        var pull = await repo.RunInAsync(repo.PathOf("data"), "--cache-dir", Path.Join(repo.Base, "fresh-cache"), "pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes, repo.Read("data/sub/x.bin"));
    }

    [TestMethod]
    public async Task FileUrlRemote_Works()
    {
        using var repo = await TempRepo.CreateAsync(withRemote: false);
        Directory.CreateDirectory(repo.Remote);
        var url = new Uri(repo.Remote).AbsoluteUri;
        StringAssert.StartsWith(url, "file:///");
        WriteConfig(repo, "config.json", url);
        var bytes = repo.WriteRandom("data/x.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/x.bin");
        await repo.RunOkAsync("push");
        CollectionAssert.AreEqual(new[] { TestHash.Sha256(bytes) }, repo.RemoteFiles());

        File.Delete(repo.PathOf("data/x.bin"));
        var pull = await repo.RunAsync("--remote", url, "--cache-dir", Path.Join(repo.Base, "fresh-cache"), "pull");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(bytes, repo.Read("data/x.bin"));
    }

    [TestMethod]
    public async Task NoRemoteConfigured_PushIsDT0201_Exit2()
    {
        using var repo = await TempRepo.CreateAsync(withRemote: false);
        repo.WriteRandom("data/x.bin", 100, 1);
        await repo.RunOkAsync("add", "data/x.bin");
        var manifest = File.ReadAllBytes(repo.ManifestPath);

        // Out of process, so no DATATASKS_REMOTE from the test host can leak in.
        var push = await repo.RunProcessAsync(["push"]);
        BadInputTests.AssertOneErrorLine(push, "DT0201", 2);
        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(repo.ManifestPath));

        var inProcess = await repo.RunAsync("push");
        if (Environment.GetEnvironmentVariable("DATATASKS_REMOTE") is null)
        {
            BadInputTests.AssertOneErrorLine(inProcess, "DT0201", 2);
        }
    }

    [TestMethod]
    public async Task UnsupportedRemoteScheme_IsDT0202_AndMissingRemoteFolder_IsDT0203()
    {
        using var repo = await TempRepo.CreateAsync(withRemote: false);
        repo.WriteRandom("data/x.bin", 100, 1);
        await repo.RunOkAsync("add", "data/x.bin");
        BadInputTests.AssertOneErrorLine(await repo.RunAsync("--remote", "gopher://host/x", "push"), "DT0202", 2);
        BadInputTests.AssertOneErrorLine(await repo.RunAsync("--remote", Path.Join(repo.Base, "nope"), "push"), "DT0203", 1);
        Assert.IsNull(repo.StorageKey("data/x.bin"));
    }

    [TestMethod]
    public async Task ChdirOption_RunsAsIfStartedThere_AndFindsTheRootFromASubfolder()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/sub/x.bin", 100, 1);
        var elsewhere = Path.Join(repo.Base, "elsewhere");
        Directory.CreateDirectory(elsewhere);

        // Relative paths after -C are relative to the -C folder, and the root is found by walking up from it.
        var add = await repo.RunInAsync(elsewhere, "-C", "../repo/data/sub", "add", "x.bin");
        Assert.AreEqual(0, add.ExitCode, add.ToString());
        Assert.IsNull(repo.StorageKey("data/sub/x.bin"));

        var status = await repo.RunInAsync(elsewhere, "-C", repo.PathOf("data"), "status");
        Assert.AreEqual("added    data/sub/x.bin (100B, not pushed)\n", status.Stdout, status.ToString());

        // -C can be given twice; the second is relative to the first.
        var twice = await repo.RunInAsync(elsewhere, "-C", "../repo", "-C", "data/sub", "status", "x.bin");
        Assert.AreEqual("added    data/sub/x.bin (100B, not pushed)\n", twice.Stdout, twice.ToString());

        // From a folder outside the repository, without -C, there is no repository.
        BadInputTests.AssertOneErrorLine(await repo.RunInAsync(elsewhere, "status"), "DT0002", 2);

        var proc = await repo.RunProcessAsync(["-C", "repo/data/sub", "status"], workingDirectory: repo.Base);
        Assert.AreEqual("added    data/sub/x.bin (100B, not pushed)\n", proc.Stdout, proc.ToString());
    }

    [TestMethod]
    public async Task RelativeCacheDir_IsResolvedAgainstTheChdirFolder()
    {
        using var repo = await TempRepo.CreateAsync();
        var bytes = repo.WriteRandom("data/x.bin", 100, 1);
        await repo.RunOkAsync("add", "data/x.bin");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/x.bin"));

        // Started in Base with -C repo: "--cache-dir mycache" must mean repo/mycache, as if started in repo.
        var pull = await repo.RunProcessAsync(["-C", "repo", "--cache-dir", "mycache", "pull"], workingDirectory: repo.Base);
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        var key = TestHash.Sha256(bytes);
        Assert.IsTrue(File.Exists(Path.Join(repo.Root, "mycache", "objects", key[..2], key)), "cache not under the -C folder");
        Assert.IsFalse(Directory.Exists(Path.Join(repo.Base, "mycache")), "relative --cache-dir resolved against the process folder, not -C");
    }
}
