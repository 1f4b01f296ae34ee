using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Output;

/// <summary>
/// Issue 14: --json on the commands that had none (init, rm, push --repair, fetch, checkout, install, uninstall,
/// verify --remote, merge-driver): one object on stdout with the documented fields, errors still DT lines on stderr.
/// </summary>
[TestClass]
public sealed class CommandJsonTests
{
    private static async Task<(TempRepo Repo, string Key)> PushedAsync()
    {
        var repo = await TempRepo.CreateAsync();
        var key = TestHash.Sha256(repo.WriteRandom("data/a.bin", 1000, 1));
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("push");
        return (repo, key);
    }

    [TestMethod]
    public async Task Init_Json_SaysWhatItCreated_AndWhyHooksWereSkipped()
    {
        using var repo = await TempRepo.CreateAsync(init: false);

        var first = await repo.RunOkAsync("init", "--json", "--remote", repo.Remote);
        using (var doc = JsonAssert.ParseWhole(first))
        {
            var root = doc.RootElement;
            JsonAssert.HasFields(root, "root", "manifest_created", "remote", "hooks", "hooks_skipped");
            Assert.IsTrue(root.GetProperty("manifest_created").GetBoolean(), first.ToString());
            Assert.AreEqual(repo.Remote, root.GetProperty("remote").GetString(), first.ToString());
            Assert.AreEqual(JsonValueKind.Null, root.GetProperty("hooks_skipped").ValueKind, first.ToString());
            var hooks = root.GetProperty("hooks");
            JsonAssert.HasFields(hooks, "action", "hooks_directory", "hooks", "chained", "attributes_added");
            Assert.AreEqual("installed", hooks.GetProperty("action").GetString(), first.ToString());
            Assert.IsTrue(hooks.GetProperty("hooks").GetArrayLength() > 0, first.ToString());
            JsonAssert.AuditNaming(root, "init");
        }

        var again = await repo.RunOkAsync("init", "--json", "--no-install");
        using var second = JsonAssert.ParseWhole(again);
        Assert.IsFalse(second.RootElement.GetProperty("manifest_created").GetBoolean(), again.ToString());
        Assert.AreEqual(JsonValueKind.Null, second.RootElement.GetProperty("remote").ValueKind, again.ToString());
        Assert.AreEqual(JsonValueKind.Null, second.RootElement.GetProperty("hooks").ValueKind, again.ToString());
        Assert.AreEqual("no_install", second.RootElement.GetProperty("hooks_skipped").GetString(), again.ToString());
    }

    [TestMethod]
    public async Task Init_Json_OutsideGit_SaysNotAGitWorkTree_OnStdoutOnlyAsJson()
    {
        using var repo = TempRepo.CreateBare();

        var init = await repo.RunOkAsync("init", "--json");

        using var doc = JsonAssert.ParseWhole(init);
        Assert.AreEqual("not_a_git_work_tree", doc.RootElement.GetProperty("hooks_skipped").GetString(), init.ToString());
    }

    [TestMethod]
    public async Task InstallAndUninstall_Json_ListTheHooks()
    {
        using var repo = await TempRepo.CreateAsync();

        var install = await repo.RunOkAsync("install", "--json");
        string[] hooks;
        using (var doc = JsonAssert.ParseWhole(install))
        {
            JsonAssert.HasFields(doc.RootElement, "action", "hooks_directory", "hooks", "chained", "attributes_added");
            Assert.AreEqual("installed", doc.RootElement.GetProperty("action").GetString(), install.ToString());
            hooks = [.. doc.RootElement.GetProperty("hooks").EnumerateArray().Select(h => h.GetString()!)];
            CollectionAssert.Contains(hooks, "pre-push", install.ToString());
        }

        var uninstall = await repo.RunOkAsync("uninstall", "--json");
        using var removed = JsonAssert.ParseWhole(uninstall);
        JsonAssert.HasFields(removed.RootElement, "action", "hooks_directory", "hooks", "restored", "attributes_added");
        Assert.AreEqual("uninstalled", removed.RootElement.GetProperty("action").GetString(), uninstall.ToString());
        CollectionAssert.AreEquivalent(hooks, removed.RootElement.GetProperty("hooks").EnumerateArray().Select(h => h.GetString()!).ToArray(), uninstall.ToString());
        JsonAssert.AuditNaming(removed.RootElement, "uninstall");
    }

    [TestMethod]
    public async Task Rm_Json_ListsTheRemovedEntries()
    {
        var (repo, _) = await PushedAsync();
        using var _r = repo;
        repo.WriteRandom("data/b.bin", 1000, 2);
        await repo.RunOkAsync("add", "data/b.bin");

        var rm = await repo.RunOkAsync("rm", "--json", "data/a.bin");

        using var doc = JsonAssert.ParseWhole(rm);
        JsonAssert.HasFields(doc.RootElement, "removed", "files_deleted", "refused");
        CollectionAssert.AreEqual(new[] { "data/a.bin" }, doc.RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()).ToArray(), rm.ToString());
        Assert.IsFalse(doc.RootElement.GetProperty("files_deleted").GetBoolean(), rm.ToString());
        Assert.IsTrue(repo.Exists("data/a.bin"), rm.ToString());
    }

    [TestMethod]
    public async Task RmDelete_Json_Refused_IsExit1_ErrorsOnStderr_AndTheObjectCountsTheRefusal()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/new.bin", 1000, 4);
        await repo.RunOkAsync("add", "data/new.bin");

        var rm = await repo.RunAsync("rm", "--delete", "--json", "data/new.bin");

        Assert.AreEqual(1, rm.ExitCode, rm.ToString());
        Assert.IsTrue(rm.ErrLines.Any(l => l.StartsWith("error DT0403: ", StringComparison.Ordinal)), rm.ToString());
        using var doc = JsonAssert.ParseWhole(rm);
        Assert.AreEqual(0, doc.RootElement.GetProperty("removed").GetArrayLength(), rm.ToString());
        Assert.AreEqual(1, doc.RootElement.GetProperty("refused").GetInt32(), rm.ToString());
        Assert.IsTrue(repo.Exists("data/new.bin"), rm.ToString());
    }

    [TestMethod]
    public async Task VerifyRemote_Json_GivesEachObjectsState()
    {
        var (repo, key) = await PushedAsync();
        using var _r = repo;

        var intact = await repo.RunOkAsync("verify", "--remote", "--json");
        using (var doc = JsonAssert.ParseWhole(intact))
        {
            JsonAssert.HasFields(doc.RootElement, "remote", "verified", "corrupt", "missing", "unreadable", "objects");
            Assert.AreEqual(1, doc.RootElement.GetProperty("verified").GetInt32(), intact.ToString());
            var o = doc.RootElement.GetProperty("objects")[0];
            Assert.AreEqual(key, o.GetProperty("storage_key").GetString(), intact.ToString());
            Assert.AreEqual("intact", o.GetProperty("state").GetString(), intact.ToString());
            Assert.AreEqual("data/a.bin", o.GetProperty("paths")[0].GetString(), intact.ToString());
        }

        File.Delete(Path.Join(repo.Remote, key));
        var missing = await repo.RunAsync("verify", "--remote", "--json");
        Assert.AreEqual(1, missing.ExitCode, missing.ToString());
        Assert.IsTrue(missing.ErrLines.Any(l => l.StartsWith("error DT", StringComparison.Ordinal)), missing.ToString());
        using var gone = JsonAssert.ParseWhole(missing);
        Assert.AreEqual(1, gone.RootElement.GetProperty("missing").GetInt32(), missing.ToString());
        Assert.AreEqual("missing", gone.RootElement.GetProperty("objects")[0].GetProperty("state").GetString(), missing.ToString());
    }

    [TestMethod]
    public async Task PushRepair_Json_SaysRepaired()
    {
        var (repo, key) = await PushedAsync();
        using var _r = repo;
        File.WriteAllBytes(Path.Join(repo.Remote, key), TestBytes.Seeded(1000, 99));

        var repair = await repo.RunOkAsync("push", "--repair", "--json", "data/a.bin");

        using var doc = JsonAssert.ParseWhole(repair);
        JsonAssert.HasFields(doc.RootElement, "remote", "items", "repaired", "failed");
        var item = doc.RootElement.GetProperty("items")[0];
        Assert.AreEqual("data/a.bin", item.GetProperty("path").GetString(), repair.ToString());
        Assert.AreEqual("repaired", item.GetProperty("outcome").GetString(), repair.ToString());
        Assert.AreEqual(key, item.GetProperty("storage_key").GetString(), repair.ToString());
        Assert.AreEqual(1, doc.RootElement.GetProperty("repaired").GetInt32(), repair.ToString());
        Assert.AreEqual(0, doc.RootElement.GetProperty("failed").GetInt32(), repair.ToString());
        Assert.AreEqual(key, TestHash.Sha256(File.ReadAllBytes(Path.Join(repo.Remote, key))), "the remote object was replaced");
    }

    [TestMethod]
    public async Task Fetch_Json_CountsWhatReachedTheCache()
    {
        var (repo, _) = await PushedAsync();
        using var _r = repo;
        Directory.Delete(repo.Cache, recursive: true);

        var fetch = await repo.RunOkAsync("fetch", "--json");

        using var doc = JsonAssert.ParseWhole(fetch);
        JsonAssert.HasFields(doc.RootElement, "fetched", "fetched_bytes", "already_cached", "failures");
        Assert.AreEqual(1, doc.RootElement.GetProperty("fetched").GetInt32(), fetch.ToString());
        Assert.AreEqual(1000, doc.RootElement.GetProperty("fetched_bytes").GetInt64(), fetch.ToString());
        Assert.AreEqual(0, doc.RootElement.GetProperty("already_cached").GetInt32(), fetch.ToString());
        Assert.AreEqual(0, doc.RootElement.GetProperty("failures").GetArrayLength(), fetch.ToString());
    }

    [TestMethod]
    public async Task CheckoutForce_Json_ListsTheTransfers_AndTheEditItSaved()
    {
        var (repo, key) = await PushedAsync();
        using var _r = repo;
        var edit = repo.WriteRandom("data/a.bin", 1000, 7);

        var checkout = await repo.RunOkAsync("checkout", "--force", "--json");

        using var doc = JsonAssert.ParseWhole(checkout);
        JsonAssert.HasFields(doc.RootElement, "items", "revision", "saved");
        var item = doc.RootElement.GetProperty("items")[0];
        Assert.AreEqual("data/a.bin", item.GetProperty("path").GetString(), checkout.ToString());
        Assert.AreEqual(key, item.GetProperty("storage_key").GetString(), checkout.ToString());
        var saved = doc.RootElement.GetProperty("saved")[0];
        Assert.AreEqual("data/a.bin", saved.GetProperty("path").GetString(), checkout.ToString());
        Assert.AreEqual(TestHash.Sha256(edit), saved.GetProperty("storage_key").GetString(), checkout.ToString());
        JsonAssert.AuditNaming(doc.RootElement, "checkout");
    }

    [TestMethod]
    public async Task MergeDriver_Json_ReportsACleanMerge()
    {
        using var repo = await TempRepo.CreateAsync();
        var files = new List<string>();
        foreach (var (name, entries) in new[]
        {
            ("base", Array.Empty<(string, string?, long)>()),
            ("ours", [("data/a.bin", TestHash.Sha256([1]), 1L)]),
            ("theirs", [("data/b.bin", TestHash.Sha256([2]), 1L)]),
        })
        {
            repo.WriteManifest(entries);
            var copy = Path.Join(repo.Base, name + ".json");
            File.Copy(repo.ManifestPath, copy);
            files.Add(copy);
        }

        var merge = await repo.RunOkAsync(["merge-driver", "--json", .. files]);

        using var doc = JsonAssert.ParseWhole(merge);
        JsonAssert.HasFields(doc.RootElement, "manifest", "entries", "clean", "staged", "conflicts", "top_level_conflicts");
        Assert.AreEqual(2, doc.RootElement.GetProperty("entries").GetInt32(), merge.ToString());
        Assert.IsTrue(doc.RootElement.GetProperty("clean").GetBoolean(), merge.ToString());
        Assert.AreEqual(0, doc.RootElement.GetProperty("conflicts").GetArrayLength(), merge.ToString());
    }
}
