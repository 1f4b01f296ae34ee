using System.Text;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Operations;

/// <summary>Status, add and the manifest update over a real repository folder.</summary>
[TestClass]
public sealed class WorkingTreeStatusTests
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    private static string KeyOf(string content) => TestHash.Sha256(Encoding.UTF8.GetBytes(content));

    private static ManifestEntry Entry(string path, string? key, long size) => new()
    {
        Path = path,
        StorageKey = key,
        Size = size,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Writes a file with an old mtime, so the stat cache can trust it right away.</summary>
    private static void WriteOld(TempDir dir, string path, string content)
    {
        var full = dir.Write(path, content);
        File.SetLastWriteTimeUtc(full, LongAgo);
    }

    private static (TempDir Dir, DataRepository Repo) Build()
    {
        var dir = new TempDir();
        dir.Write(".datapattern", "data/**\n");
        WriteOld(dir, "data/synced.bin", "synced");
        WriteOld(dir, "data/modified.bin", "modified now");
        WriteOld(dir, "data/untracked.bin", "untracked");
        WriteOld(dir, "data/sub/untracked2.bin", "untracked2");
        WriteOld(dir, "other/not-matched.bin", "x");
        WriteOld(dir, "data/.x.0123456789ab.dtpart", "temp");
        WriteOld(dir, ".datatasks/state/data/x", "state");
        WriteOld(dir, "data/added.bin", "added");

        var manifest = new DataManifest();
        manifest.Set(Entry("data/synced.bin", KeyOf("synced"), 6));
        manifest.Set(Entry("data/modified.bin", KeyOf("modified before"), 15));
        manifest.Set(Entry("data/missing.bin", KeyOf("missing"), 7));
        manifest.Set(Entry("data/added.bin", null, 5));
        manifest.Set(Entry("old/gone.bin", KeyOf("gone"), 4));
        manifest.Set(Entry("data/unpushed-gone.bin", null, 4));
        manifest.Save(dir.Combine("artifacts.json"));
        var repo = DataRepository.Discover(dir.Path);
        var added = DataTasks.Core.Hashing.AddedState.Load(Path.Join(repo.StateDirectory, "added.json"));
        added.Set("data/added.bin", KeyOf("added"), 5);
        added.Save();
        Thread.Sleep(50); // the cache file written by status must be a clock tick newer than the data files' ctime
        return (dir, repo);
    }

    [TestMethod]
    public void Status_ClassifiesEveryPathAndTheSecondRunHashesNothing()
    {
        var (dir, repo) = Build();
        using var owned = dir;

        var report = StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), PathScope.All, CancellationToken.None);

        var states = report.Items.ToDictionary(i => i.Path, i => i.State);
        CollectionAssert.AreEquivalent(
            new Dictionary<string, EntryState>
            {
                ["data/synced.bin"] = EntryState.Synced,
                ["data/modified.bin"] = EntryState.Modified,
                ["data/missing.bin"] = EntryState.Missing,
                ["data/added.bin"] = EntryState.Added,
                ["old/gone.bin"] = EntryState.Missing, // pushed: pull restores it, .datapattern or not
                ["data/unpushed-gone.bin"] = EntryState.Deleted,
                ["data/untracked.bin"] = EntryState.Untracked,
                ["data/sub/untracked2.bin"] = EntryState.Untracked,
            },
            states);
        CollectionAssert.AreEqual(report.Items.Select(i => i.Path).Order(StringComparer.Ordinal).ToArray(), report.Items.Select(i => i.Path).ToArray(), "ordinal order");
        Assert.AreEqual(3, report.HashedFiles, "synced, modified and added were hashed; untracked files are not");
        Assert.IsFalse(report.IsClean);
        Assert.IsTrue(File.Exists(Path.Join(repo.StateDirectory, "stat-cache.bin")));

        var again = StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), PathScope.All, CancellationToken.None);

        Assert.AreEqual(0, again.HashedFiles, "every unchanged file came from the stat cache");
        CollectionAssert.AreEqual(report.Items.ToArray(), again.Items.ToArray());
    }

    [TestMethod]
    public void Status_EditedFileWithSameSize_IsSeenThroughTheStatCache()
    {
        var (dir, repo) = Build();
        using var owned = dir;
        StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), PathScope.All, CancellationToken.None);

        File.WriteAllText(dir.Combine("data/synced.bin"), "SYNCED"); // same size, new mtime
        var report = StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), PathScope.Of(["data/synced.bin"]), CancellationToken.None);

        Assert.AreEqual(EntryState.Modified, report.Items.Single().State);
        Assert.AreEqual(1, report.HashedFiles);
    }

    [TestMethod]
    public void Status_Scope_LimitsEntriesAndUntracked()
    {
        var (dir, repo) = Build();
        using var owned = dir;

        var report = StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), PathScope.Of(["data/sub"]), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "data/sub/untracked2.bin" }, report.Items.Select(i => i.Path).ToArray());
    }

    [TestMethod]
    public void EnumerateFiles_SkipsStateTempManifestAndPatternFiles()
    {
        var (dir, repo) = Build();
        using var owned = dir;
        dir.Write(".git/objects/x", "git");

        var files = new WorkingTree(repo).EnumerateFiles(PathScope.All).Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(
            new[] { "data/added.bin", "data/modified.bin", "data/sub/untracked2.bin", "data/synced.bin", "data/untracked.bin", "other/not-matched.bin" },
            files);
    }

    [TestMethod]
    public async Task Add_RecordsNullKeyAndAddedState_ThenStatusSeesLaterEdits()
    {
        var (dir, repo) = Build();
        using var owned = dir;

        var result = await AddOperation.RunAsync(repo, ["data/untracked.bin"], all: false, CancellationToken.None);

        Assert.AreEqual(new AddedItem("data/untracked.bin", KeyOf("untracked"), 9, "added"), result.Single());
        Assert.IsTrue(repo.LoadManifest().TryGet("data/untracked.bin", out var entry));
        Assert.IsNull(entry.StorageKey);
        Assert.AreEqual(9, entry.Size);
        var scope = PathScope.Of(["data/untracked.bin"]);
        Assert.AreEqual(EntryState.Added, StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), scope, CancellationToken.None).Items.Single().State);

        File.WriteAllText(dir.Combine("data/untracked.bin"), "edited after add");

        Assert.AreEqual(EntryState.Modified, StatusOperation.Run(repo, repo.LoadManifest(), new WorkingTree(repo), scope, CancellationToken.None).Items.Single().State);
        var again = await AddOperation.RunAsync(repo, ["data/untracked.bin"], all: false, CancellationToken.None);
        Assert.AreEqual("updated", again.Single().Change);
        Assert.AreEqual("unchanged", (await AddOperation.RunAsync(repo, ["data/untracked.bin"], all: false, CancellationToken.None)).Single().Change);
    }

    [TestMethod]
    public async Task ManifestUpdate_SavesOnlyWhenSomethingChanged()
    {
        var (dir, repo) = Build();
        using var owned = dir;
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(repo.ManifestFile, stamp);

        await ManifestUpdate.ApplyAsync(repo, m => m.TryGet("data/synced.bin", out _), CancellationToken.None);
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(repo.ManifestFile), "no change, no write");

        await ManifestUpdate.ApplyAsync(repo, m => m.Remove("old/gone.bin"), CancellationToken.None);
        Assert.IsFalse(repo.LoadManifest().TryGet("old/gone.bin", out _));
        Assert.IsTrue(repo.LoadManifest().TryGet("data/synced.bin", out _));
    }

    [TestMethod]
    public async Task ManifestUpdate_ConcurrentChanges_AreNotLost()
    {
        var (dir, repo) = Build();
        using var owned = dir;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            ManifestUpdate.ApplyAsync(repo, m => m.Set(Entry($"data/new{i}.bin", null, i)), CancellationToken.None))));

        var manifest = repo.LoadManifest();
        for (var i = 0; i < 8; i++)
        {
            Assert.IsTrue(manifest.TryGet($"data/new{i}.bin", out _), $"data/new{i}.bin was lost");
        }
    }
}
