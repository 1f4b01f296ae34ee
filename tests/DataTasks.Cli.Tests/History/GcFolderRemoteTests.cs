using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>
/// gc on a folder remote against real git histories: what any branch, tag, remote-tracking ref, the index or the
/// working manifest references survives; what only rewritten-away commits referenced, or nothing ever did, goes.
/// </summary>
[TestClass]
public sealed class GcFolderRemoteTests
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(3);

    [TestMethod]
    public async Task Gc_DeletesExactlyTheOrphans_AcrossBranchesTagsRemoteTrackingRefsAndRewrittenHistory()
    {
        using var repo = await TempRepo.CreateAsync();
        Git.Run(repo.Root, "symbolic-ref", "HEAD", "refs/heads/main");
        var keep = new Dictionary<string, string>(StringComparer.Ordinal);
        var orphans = new Dictionary<string, string>(StringComparer.Ordinal);

        // main: two files, committed.
        keep["main"] = await Git.AddAndPushAsync(repo, "data/m1.bin", 3000, 1);
        keep["main2"] = await Git.AddAndPushAsync(repo, "data/m2.bin", 3000, 2);
        Git.CommitManifest(repo, "main data");

        // A branch only: feature.
        Git.Run(repo.Root, "checkout", "-q", "-b", "feature");
        keep["branch"] = await Git.AddAndPushAsync(repo, "data/f.bin", 1000, 3);
        Git.CommitManifest(repo, "feature data");

        // A tag only: the branch that made it is deleted.
        Git.Run(repo.Root, "checkout", "-q", "-b", "release", "main");
        keep["tag"] = await Git.AddAndPushAsync(repo, "data/t.bin", 1000, 4);
        Git.CommitManifest(repo, "release data");
        Git.Run(repo.Root, "tag", "-a", "v1", "-m", "v1");
        Git.Run(repo.Root, "checkout", "-q", "main");
        Git.Run(repo.Root, "branch", "-q", "-D", "release");

        // A remote-tracking ref only: another clone pushes to a bare origin, this one fetches.
        var origin = Path.Join(repo.Base, "origin.git");
        Git.Run(repo.Base, "clone", "-q", "--bare", repo.Root, origin);
        Git.Run(repo.Root, "remote", "add", "origin", origin);
        var other = Path.Join(repo.Base, "other");
        Git.Run(repo.Base, "clone", "-q", origin, other);
        var remoteOnly = TestBytes.Seeded(1500, 5);
        keep["remote-tracking"] = repo.PutRemoteObject(remoteOnly);
        Git.Run(other, "checkout", "-q", "-b", "topic");
        File.WriteAllText(Path.Join(other, "artifacts.json"), repo.ManifestText.Replace("\"entries\": {", $"\"entries\": {{\n    \"data/r.bin\": {{\n      \"storage_key\": \"{keep["remote-tracking"]}\",\n      \"size\": 1500,\n      \"created_at\": \"2026-01-01T00:00:00Z\"\n    }},", StringComparison.Ordinal));
        Git.Run(other, "commit", "-q", "-am", "topic data");
        Git.Run(other, "push", "-q", "origin", "topic");
        Git.Run(repo.Root, "fetch", "-q", "origin");
        StringAssert.Contains(Git.Run(repo.Root, "branch", "-r"), "origin/topic");

        // Amend: the first version of the commit referenced an object the amended one does not.
        orphans["amended-away"] = await Git.AddAndPushAsync(repo, "data/draft.bin", 2000, 6);
        Git.CommitManifest(repo, "draft");
        await repo.RunOkAsync("rm", "data/draft.bin");
        keep["amended"] = await Git.AddAndPushAsync(repo, "data/final.bin", 2000, 7);
        Git.Run(repo.Root, "add", "artifacts.json");
        Git.Run(repo.Root, "commit", "-q", "--amend", "-m", "final");

        // Rebase: a branch commit is dropped with rebase -i; the one after it is replayed (so its object stays).
        Git.Run(repo.Root, "checkout", "-q", "-b", "exp");
        orphans["rebased-away"] = await Git.AddAndPushAsync(repo, "data/a-dropped.bin", 1200, 8);
        Git.CommitManifest(repo, "to drop");
        keep["rebased"] = await Git.AddAndPushAsync(repo, "data/z-kept.bin", 1300, 9);
        Git.CommitManifest(repo, "to keep");
        Git.RunWith(repo.Root, new Dictionary<string, string> { ["GIT_SEQUENCE_EDITOR"] = "sed -i '1s/^pick/drop/'" }, "rebase", "-q", "-i", "main");
        Assert.IsFalse(repo.ManifestText.Contains(orphans["rebased-away"], StringComparison.Ordinal), "the dropped commit is gone from the branch");
        Git.Run(repo.Root, "checkout", "-q", "main");

        // Pushed, staged, then removed from the working manifest: the index still references it.
        keep["staged"] = await Git.AddAndPushAsync(repo, "data/staged.bin", 900, 10);
        Git.Run(repo.Root, "add", "artifacts.json");
        await repo.RunOkAsync("rm", "data/staged.bin");

        // Pushed, not committed: the working manifest references it.
        keep["pushed-uncommitted"] = await Git.AddAndPushAsync(repo, "data/wip.bin", 800, 11);

        // Never referenced by anything.
        orphans["stray"] = repo.PutRemoteObject(TestBytes.Seeded(700, 12));

        Git.AgeRemoteObjects(repo, Old);
        var everything = keep.Values.Concat(orphans.Values).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(everything, repo.RemoteFiles(), "the remote holds every object before gc");

        var list = await repo.RunOkAsync("gc", "--json");
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            var listed = doc.RootElement.GetProperty("orphans").EnumerateArray().Select(o => o.GetProperty("key").GetString()).ToArray();
            CollectionAssert.AreEqual(orphans.Values.Order(StringComparer.Ordinal).ToArray(), listed, $"orphans listed\n{Describe(keep, orphans)}\n{list}");
            Assert.IsFalse(doc.RootElement.GetProperty("deleted").GetBoolean());
        }

        CollectionAssert.AreEqual(everything, repo.RemoteFiles(), "gc without --prune deletes nothing");

        var prune = await repo.RunOkAsync("gc", "--prune");
        CollectionAssert.AreEqual(keep.Values.Order(StringComparer.Ordinal).ToArray(), repo.RemoteFiles(), $"exactly the orphans were deleted\n{Describe(keep, orphans)}\n{prune}");
        StringAssert.Contains(prune.Stdout, $"deleted {orphans.Count} objects", prune.ToString());

        var again = await repo.RunOkAsync("gc", "--prune");
        StringAssert.Contains(again.Stdout, "0 objects (0B) orphaned", again.ToString());
        CollectionAssert.AreEqual(keep.Values.Order(StringComparer.Ordinal).ToArray(), repo.RemoteFiles());
    }

    [TestMethod]
    public async Task Gc_PushedInAnotherCloneButNotCommitted_SurvivesThanksToTheGracePeriod()
    {
        using var a = await TempRepo.CreateAsync();
        await Git.AddAndPushAsync(a, "data/a.bin", 1000, 1);
        Git.CommitManifest(a, "a");
        Git.AgeRemoteObjects(a, Old);

        // Clone B shares A's remote and pushes; its manifest change is not committed, so A cannot see it.
        using var b = await TempRepo.CreateAsync(init: false, withRemote: false);
        await b.RunOkAsync("init", "--remote", a.Remote);
        var inFlight = await Git.AddAndPushAsync(b, "data/b.bin", 1000, 2);

        var gc = await a.RunOkAsync("gc", "--prune");
        CollectionAssert.Contains(a.RemoteFiles(), inFlight, $"an object pushed moments ago survives gc\n{gc}");
        StringAssert.Contains(gc.Stdout, $"young    {inFlight}", gc.ToString());
        StringAssert.Contains(gc.Stdout, "1 object (1KB) within the 24h grace period", gc.ToString());

        // The control: without the grace period, A's gc would have deleted B's in-flight object.
        var unsafeGc = await a.RunOkAsync("gc", "--prune", "--grace", "0");
        CollectionAssert.DoesNotContain(a.RemoteFiles(), inFlight, unsafeGc.ToString());
    }

    /// <remarks>
    /// The race the grace period alone cannot cover: B adds content that is already on the remote as an old orphan, so
    /// its push uploads nothing. Push renews the object's date, so A's gc still sees it as young.
    /// </remarks>
    [TestMethod]
    public async Task Gc_AnOldOrphanThatAnotherClonePushesAgain_IsRenewedByThatPush_AndSurvives()
    {
        using var a = await TempRepo.CreateAsync();
        var orphan = await Git.AddAndPushAsync(a, "data/old.bin", 1000, 5);
        await a.RunOkAsync("rm", "data/old.bin");
        Git.CommitManifest(a, "no reference to old.bin anywhere");
        Git.AgeRemoteObjects(a, Old);
        var before = await a.RunOkAsync("gc", "--json");
        StringAssert.Contains(before.Stdout, orphan, "the object is an old orphan before B pushes");

        using var b = await TempRepo.CreateAsync(init: false, withRemote: false);
        await b.RunOkAsync("init", "--remote", a.Remote);
        b.WriteBytes("data/same.bin", TestBytes.Seeded(1000, 5));
        await b.RunOkAsync("add", "data/same.bin");
        var push = await b.RunOkAsync("push");
        StringAssert.Contains(push.Stdout, "pushed 0 files (0B), 1 already on the remote", push.ToString());

        var gc = await a.RunOkAsync("gc", "--prune");
        CollectionAssert.Contains(a.RemoteFiles(), orphan, $"the object B's push relies on was deleted\n{gc}");
        StringAssert.Contains(gc.Stdout, $"young    {orphan}", gc.ToString());
    }

    [TestMethod]
    public async Task Gc_GraceFromConfig_KeepsObjectsYoungerThanIt_AndGraceZero_StillKeepsTheWorkingManifestsObjects()
    {
        using var repo = await TempRepo.CreateAsync();
        var working = await Git.AddAndPushAsync(repo, "data/w.bin", 1000, 1);
        var older = repo.PutRemoteObject(TestBytes.Seeded(500, 2));
        var newer = repo.PutRemoteObject(TestBytes.Seeded(600, 3));
        Git.AgeRemoteObjects(repo, TimeSpan.FromHours(3));
        File.SetLastWriteTimeUtc(Path.Join(repo.Remote, newer), DateTime.UtcNow - TimeSpan.FromMinutes(30));
        File.WriteAllText(Path.Join(repo.Root, ".datatasks", "config.local.json"), "{\"gc\": {\"grace\": \"2h\"}}");

        var gc = await repo.RunOkAsync("gc", "--prune");
        CollectionAssert.AreEqual(new[] { working, newer }.Order(StringComparer.Ordinal).ToArray(), repo.RemoteFiles(), gc.ToString());
        StringAssert.Contains(gc.Stdout, "within the 2h grace period", gc.ToString());

        // The working manifest (pushed, never committed) references 'working': no grace period is needed for it.
        var zero = await repo.RunOkAsync("gc", "--prune", "--grace", "0");
        CollectionAssert.AreEqual(new[] { working }, repo.RemoteFiles(), zero.ToString());
        Assert.IsFalse(repo.RemoteFiles().Contains(older));
    }

    [TestMethod]
    public async Task Gc_NarrowScopes_Warn_RefOnlyCountsThatRefsHistory_SinceStillReadsEveryTip()
    {
        using var repo = await TempRepo.CreateAsync();
        Git.Run(repo.Root, "symbolic-ref", "HEAD", "refs/heads/main");
        var replaced = await Git.AddAndPushAsync(repo, "data/x.bin", 1000, 1);
        var atTip = await Git.AddAndPushAsync(repo, "data/y.bin", 1000, 2);
        Git.CommitManifest(repo, "x and y");
        var current = await Git.AddAndPushAsync(repo, "data/x.bin", 1000, 3);
        Git.CommitManifest(repo, "new x");
        Git.Run(repo.Root, "checkout", "-q", "-b", "side");
        var sideOnly = await Git.AddAndPushAsync(repo, "data/s.bin", 1000, 4);
        Git.CommitManifest(repo, "side");
        Git.Run(repo.Root, "checkout", "-q", "main");
        Git.AgeRemoteObjects(repo, Old);

        var byRef = await repo.RunOkAsync("gc", "--ref", "main", "--json");
        StringAssert.Contains(byRef.Stderr, "warning DT0506", byRef.ToString());
        CollectionAssert.AreEqual(new[] { sideOnly }, Orphans(byRef), byRef.ToString());

        // --since a future date: no commit is in range, yet the manifests at every tip still count.
        var since = await repo.RunOkAsync("gc", "--since", "2099-01-01", "--json");
        StringAssert.Contains(since.Stderr, "warning DT0506", since.ToString());
        CollectionAssert.AreEqual(new[] { replaced }, Orphans(since), $"only the replaced x is not at a tip\n{since}");
        CollectionAssert.DoesNotContain(Orphans(since), atTip);
        CollectionAssert.DoesNotContain(Orphans(since), current);

        var all = await repo.RunOkAsync("gc", "--json");
        Assert.AreEqual(string.Empty, all.Stderr, "the default scope does not warn");
        Assert.IsEmpty(Orphans(all), all.ToString());
    }

    [TestMethod]
    public async Task Gc_KeepsWhatAnotherWorktreesWorkingManifestAndTheStashReference_EvenWithoutGrace()
    {
        using var repo = await TempRepo.CreateAsync();
        await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 1);
        Git.CommitManifest(repo, "a");

        // Stashed: pushed, then the manifest change was stashed away.
        var stashed = await Git.AddAndPushAsync(repo, "data/stashed.bin", 1000, 2);
        Git.Run(repo.Root, "stash", "-q");
        Assert.IsFalse(repo.ManifestText.Contains(stashed, StringComparison.Ordinal));

        // Another worktree: pushed there, never committed or staged.
        var worktree = Path.Join(repo.Base, "wt");
        Git.Run(repo.Root, "worktree", "add", "-q", "-b", "wt", worktree);
        Directory.CreateDirectory(Path.Join(worktree, "data"));
        File.WriteAllBytes(Path.Join(worktree, "data", "w.bin"), TestBytes.Seeded(1000, 3));
        Assert.AreEqual(0, (await repo.RunInAsync(worktree, "add", "data/w.bin")).ExitCode);
        Assert.AreEqual(0, (await repo.RunInAsync(worktree, "push")).ExitCode);
        var inWorktree = TestHash.Sha256(TestBytes.Seeded(1000, 3));
        var stray = repo.PutRemoteObject(TestBytes.Seeded(10, 4));
        Git.AgeRemoteObjects(repo, Old);

        var gc = await repo.RunOkAsync("gc", "--prune", "--grace", "0");
        var remaining = repo.RemoteFiles();
        CollectionAssert.Contains(remaining, stashed, gc.ToString());
        CollectionAssert.Contains(remaining, inWorktree, gc.ToString());
        CollectionAssert.DoesNotContain(remaining, stray, gc.ToString());
        Assert.HasCount(3, remaining, gc.ToString());
    }

    [TestMethod]
    public async Task Gc_InAMonorepo_KeepsObjectsThatAnotherDataRepositorysManifestReferences()
    {
        // Two data repositories in one git repository, sharing one remote.
        using var mono = await TempRepo.CreateAsync(init: false);
        var pesto = Path.Join(mono.Root, "models", "pesto");
        var carbonara = Path.Join(mono.Root, "models", "carbonara");
        var keys = new List<string>();
        foreach (var (dir, seed) in new[] { (pesto, 1), (carbonara, 2) })
        {
            Directory.CreateDirectory(dir);
            Assert.AreEqual(0, (await mono.RunInAsync(dir, "init", "--remote", mono.Remote)).ExitCode);
            var bytes = TestBytes.Seeded(1000, seed);
            File.WriteAllBytes(Path.Join(dir, "m.bin"), bytes);
            Assert.AreEqual(0, (await mono.RunInAsync(dir, "add", "m.bin")).ExitCode);
            Assert.AreEqual(0, (await mono.RunInAsync(dir, "push")).ExitCode);
            keys.Add(TestHash.Sha256(bytes));
        }

        Git.Run(mono.Root, "add", "-A");
        Git.Run(mono.Root, "commit", "-q", "-m", "two models");

        // carbonara's entry is removed from its working manifest, but committed history still has it.
        Assert.AreEqual(0, (await mono.RunInAsync(carbonara, "rm", "m.bin")).ExitCode);
        var stray = mono.PutRemoteObject(TestBytes.Seeded(10, 3));
        Git.AgeRemoteObjects(mono, Old);

        var gc = await mono.RunInAsync(pesto, "gc", "--prune", "--grace", "0");
        Assert.AreEqual(0, gc.ExitCode, gc.ToString());
        CollectionAssert.AreEqual(keys.Order(StringComparer.Ordinal).ToArray(), mono.RemoteFiles(), $"only the stray object goes\n{gc}");
        CollectionAssert.DoesNotContain(mono.RemoteFiles(), stray);
    }

    [TestMethod]
    public async Task GcPrune_InAShallowClone_IsRefused_AndDeletesNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 1);
        Git.CommitManifest(repo, "a");
        await Git.AddAndPushAsync(repo, "data/a.bin", 1000, 2);
        Git.CommitManifest(repo, "a again");
        repo.PutRemoteObject(TestBytes.Seeded(100, 3));
        Git.AgeRemoteObjects(repo, Old);
        var shallow = Path.Join(repo.Base, "shallow");
        Git.Run(repo.Base, "clone", "-q", "--depth", "1", "file://" + repo.Root, shallow);
        var before = repo.RemoteFiles();

        var prune = await repo.RunInAsync(shallow, "gc", "--prune");
        Assert.AreEqual(2, prune.ExitCode, prune.ToString());
        StringAssert.StartsWith(prune.Stderr, "error DT0505:", prune.ToString());
        CollectionAssert.AreEqual(before, repo.RemoteFiles());

        var list = await repo.RunInAsync(shallow, "gc");
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Stderr, "warning DT0505", list.ToString());
    }

    private static string[] Orphans(CliResult result)
    {
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("orphans").EnumerateArray().Select(o => o.GetProperty("key").GetString()!).ToArray();
    }

    private static string Describe(Dictionary<string, string> keep, Dictionary<string, string> orphans) =>
        string.Join("\n", keep.Select(k => $"keep   {k.Key}: {k.Value}").Concat(orphans.Select(o => $"orphan {o.Key}: {o.Value}")));
}
