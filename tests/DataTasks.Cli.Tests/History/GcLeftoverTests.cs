using System.Diagnostics;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>gc and what killed pushes leave on a folder remote, and gc --prune on a remote it cannot delete from.</summary>
[TestClass]
public sealed class GcLeftoverTests
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(3);

    [TestMethod]
    public async Task Gc_ListsTempObjectsOfKilledPushes_AndPruneSweepsThoseOlderThanTheGracePeriod()
    {
        using var repo = await TempRepo.CreateAsync();
        await Git.AddAndPushAsync(repo, "data/kept.bin", 2000, 1);
        Git.CommitManifest(repo, "data");
        Git.AgeRemoteObjects(repo, Old);

        // What a push killed mid-upload leaves: a temp object next to where its object would go.
        var key = TestHash.Sha256(TestBytes.Seeded(5000, 2));
        var stale = Path.Join(repo.Remote, $".{key}.0123456789ab.dtpart");
        File.WriteAllBytes(stale, TestBytes.Seeded(3000, 2));
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - Old);
        var fresh = Path.Join(repo.Remote, $".{key}.ba9876543210.dtpart");
        File.WriteAllBytes(fresh, TestBytes.Seeded(3000, 3));

        var list = await repo.RunOkAsync("gc");
        Assert.IsTrue(list.OutLines.Any(l => l.StartsWith("temp", StringComparison.Ordinal) && l.Contains(Path.GetFileName(stale), StringComparison.Ordinal)), list.ToString());
        Assert.IsTrue(File.Exists(stale), "gc without --prune deletes nothing");

        var prune = await repo.RunOkAsync("gc", "--prune");
        Assert.IsFalse(File.Exists(stale), $"an old temp object survived gc --prune:\n{prune}");
        Assert.IsTrue(File.Exists(fresh), "a temp object within the grace period may belong to a live push");
        Assert.IsTrue(repo.RemoteFiles().Contains(repo.StorageKey("data/kept.bin")));
    }

    [TestMethod]
    public async Task APushKilledMidUpload_LeavesATempObject_ThatGcPruneSweepsOnceItIsOlderThanTheGracePeriod()
    {
        using var repo = await TempRepo.CreateAsync();
        Git.CommitManifest(repo, "empty");
        repo.WriteRandom("data/big.bin", 200_000_000, 5);
        await repo.RunOkAsync("add", "data/big.bin");
        var added = repo.ManifestText;
        var key = TestHash.Sha256File(repo.PathOf("data/big.bin"));

        // On a busy machine the probe can miss the upload; start over (a few times) rather than pass on scheduling luck.
        string[] leftovers = [];
        for (var attempt = 0; attempt < 4 && leftovers.Length == 0; attempt++)
        {
            File.Delete(Path.Join(repo.Remote, key));
            File.WriteAllText(repo.ManifestPath, added);
            using var push = repo.StartProcess(["push"]);
            var watch = Stopwatch.StartNew();
            while (!push.HasExited && watch.Elapsed < CliRunner.ProcessTimeout && !Directory.EnumerateFiles(repo.Remote, "*.dtpart").Any(f => new FileInfo(f).Length > 0))
            {
                await Task.Delay(2);
            }

            await push.KillAsync();
            leftovers = Directory.GetFiles(repo.Remote, "*.dtpart");
        }

        Assert.AreEqual(1, leftovers.Length, "a push killed mid-upload leaves its temp object");
        Assert.IsFalse(File.Exists(Path.Join(repo.Remote, key)), "nothing partial under the key");
        var young = await repo.RunOkAsync("gc", "--prune");
        Assert.IsTrue(File.Exists(leftovers[0]), $"a temp object younger than the grace period may be a live push:\n{young}");

        File.SetLastWriteTimeUtc(leftovers[0], DateTime.UtcNow - Old);
        var prune = await repo.RunOkAsync("gc", "--prune");
        Assert.IsFalse(File.Exists(leftovers[0]), $"gc --prune left the killed push's temp object:\n{prune}");
        Assert.AreEqual(0, repo.RemoteFiles().Length, prune.ToString());
    }

    [TestMethod]
    public async Task GcPrune_OnARemoteItCannotDeleteFrom_NamesEachObject_CountsThem_AndExitsOne()
    {
        using var repo = await TempRepo.CreateAsync();
        Git.CommitManifest(repo, "empty");
        var orphans = new[] { repo.PutRemoteObject(TestBytes.Seeded(1000, 1)), repo.PutRemoteObject(TestBytes.Seeded(1000, 2)) };
        Git.AgeRemoteObjects(repo, Old);

        // The tests run as root, which ignores permission bits; an immutable folder (chattr +i) refuses even root's
        // unlink, needs no second user or mount namespace, and works on the ext4/xfs/btrfs temp folders CI uses.
        Chattr("+i", repo.Remote);
        CliResult prune;
        try
        {
            prune = await repo.RunAsync("gc", "--prune");
        }
        finally
        {
            Chattr("-i", repo.Remote);
        }

        Assert.AreEqual(1, prune.ExitCode, prune.ToString());
        foreach (var key in orphans)
        {
            Assert.IsTrue(prune.ErrLines.Any(l => l.StartsWith("error DT0510: ", StringComparison.Ordinal) && l.Contains(key, StringComparison.Ordinal)), prune.ToString());
            Assert.IsTrue(File.Exists(Path.Join(repo.Remote, key)));
        }

        StringAssert.Contains(prune.Stderr, "2 objects", prune.ToString());
        Assert.IsFalse(prune.Stdout.Contains("deleted 2", StringComparison.Ordinal), $"gc claimed it deleted them:\n{prune}");
    }

    private static void Chattr(string flag, string path)
    {
        using var p = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, UseShellExecute = false })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, $"chattr {flag} {path} failed (the file system must support immutable files): {err}");
    }
}
