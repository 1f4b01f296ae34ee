using System.Diagnostics;
using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests;

/// <summary>
/// Issue 15, with real processes: a pull waits, saying so, for an object lock another process holds; a pull killed
/// while it holds an object lock leaves a record the next pull takes over (DT1020); and two pulls writing the same
/// objects into one cache with locks that do not exclude (as after a wrong take-over) still leave only good objects.
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // SIGKILL, flock
public sealed class MachineCacheLockTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task PullWhileAnotherProcessHoldsAnObjectLock_SaysOnceWhoHoldsIt_ThenFinishes()
    {
        using var repo = await TempRepo.CreateAsync();
        var bytes = TestBytes.Seeded(10_000, 3);
        var key = repo.PutRemoteObject(bytes);
        repo.WriteManifest([("data/a.bin", key, bytes.Length)]);
        var lockPath = ObjectLock(repo, key);

        // The holder is this test process; the waiter is the tool in its own process.
        var holder = FileLock.TryAcquire(lockPath) ?? throw new AssertFailedException("could not take the lock");
        using var pull = repo.StartProcess(["pull"]);
        try
        {
            // Held until the tool says it is waiting (after its 1 s grace), however slowly a loaded machine starts it.
            var watch = Stopwatch.StartNew();
            while (!pull.StderrSoFar.Contains(ErrorCodes.WaitingForLock, StringComparison.Ordinal) && !pull.HasExited && watch.Elapsed < CliRunner.ProcessTimeout)
            {
                await Task.Delay(20, TestContext.CancellationToken);
            }

            // And a little longer, so a second notice (there must be none) would have time to appear.
            await Task.Delay(1500, TestContext.CancellationToken);
            Assert.IsFalse(pull.HasExited, "pull finished while another process held the object's lock");
        }
        finally
        {
            holder.Dispose();
        }

        var result = await pull.WaitAsync(CliRunner.ProcessTimeout);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var lines = CliResult.SplitLines(result.Stderr);
        Assert.AreEqual(1, lines.Length, result.ToString());
        Assert.AreEqual($"warning {ErrorCodes.WaitingForLock}: waiting for a lock held by pid {Environment.ProcessId} on host {Environment.MachineName} ({lockPath})", lines[0]);
        Assert.AreEqual(key, TestHash.Sha256File(repo.PathOf("data/a.bin")));
    }

    [TestMethod]
    public async Task PullKilledWhileHoldingAnObjectLock_LeavesItsRecord_AndTheNextPullTakesItOver()
    {
        using var repo = await TempRepo.CreateAsync();
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 4; i++)
        {
            var bytes = TestBytes.Seeded(50_000_000, 500 + i);
            entries.Add(($"data/f{i}.bin", repo.PutRemoteObject(bytes), bytes.Length));
        }

        repo.WriteManifest(entries);
        var objects = Path.Join(repo.Cache, "objects");

        // Killed while a cache temp file grows, so it holds that object's lock. On a starved machine the pull may finish
        // first: start over from an empty cache rather than pass on luck.
        int? killedPid = null;
        for (var attempt = 0; attempt < 4 && killedPid is null; attempt++)
        {
            if (Directory.Exists(repo.Cache))
            {
                TempDir.DeleteDirectory(repo.Cache);
            }

            using var tool = repo.StartProcess(["pull", "--jobs", "1"]);
            var watch = Stopwatch.StartNew();
            while (!TempRepo.AnyNonEmptyFile(objects) && !tool.HasExited && watch.Elapsed < CliRunner.ProcessTimeout)
            {
                await Task.Delay(2, TestContext.CancellationToken);
            }

            var wasRunning = !tool.HasExited;
            var pid = tool.Process.Id;
            await tool.KillAsync();
            if (wasRunning && entries.Any(e => !repo.Exists(e.Item1)))
            {
                killedPid = pid;
            }
        }

        Assert.IsNotNull(killedPid, "the pull finished before it could be killed, four times");
        var records = Directory.EnumerateFiles(Path.Join(repo.Cache, "locks"), "*.lock", SearchOption.AllDirectories)
            .Select(f => (File: f, Text: File.ReadAllText(f).Trim()))
            .Where(r => r.Text.Length > 0)
            .ToList();
        var left = records.SingleOrDefault();
        Assert.IsNotNull(left.File, $"expected the one lock the killed pull held to keep its record: {string.Join(", ", records.Select(r => r.File))}");
        using (var doc = JsonDocument.Parse(left.Text))
        {
            Assert.AreEqual(killedPid, doc.RootElement.GetProperty("pid").GetInt32(), left.Text);
            Assert.AreEqual(Environment.MachineName, doc.RootElement.GetProperty("host").GetString());
        }

        var again = await repo.RunProcessAsync(["pull"]);
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        StringAssert.Contains(again.Stderr, $"warning {ErrorCodes.StaleLockTakenOver}: took over a stale lock held by pid {killedPid} on host {Environment.MachineName} (pid {killedPid} is not running) ({left.File})", again.ToString());
        foreach (var (path, key, _) in entries)
        {
            Assert.AreEqual(key, TestHash.Sha256File(repo.PathOf(path)), path);
        }

        Assert.AreEqual(0, new FileInfo(left.File).Length, "the taker did not release the lock it took over");
        AssertCacheIsGood(repo);
    }

    [TestMethod]
    public async Task TwoPullsIntoOneCache_WithLocksThatDoNotExclude_LeaveOnlyGoodObjects()
    {
        using var repo = await TempRepo.CreateAsync();
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 12; i++)
        {
            var bytes = TestBytes.Seeded(2_000_000 + (i * 100_000), 900 + i);
            entries.Add(($"data/f{i:D2}.bin", repo.PutRemoteObject(bytes), bytes.Length));
        }

        repo.WriteManifest(entries);

        // Both pulls fetch every object into the one machine cache at once: nothing but the write discipline (a
        // verified temp file renamed into place) stands between them.
        var notExclusive = new Dictionary<string, string?> { ["DATATASKS_TEST_LOCKS_NOT_EXCLUSIVE"] = "1" };
        using var first = repo.StartProcess(["pull", "--jobs", "4"], notExclusive);
        using var second = repo.StartProcess(["pull", "--jobs", "4"], notExclusive);
        var results = await Task.WhenAll(first.WaitAsync(CliRunner.ProcessTimeout), second.WaitAsync(CliRunner.ProcessTimeout));
        foreach (var r in results)
        {
            Assert.AreEqual(0, r.ExitCode, r.ToString());
            Assert.DoesNotContain("error", r.Stderr, r.ToString());
        }

        foreach (var (path, key, _) in entries)
        {
            Assert.AreEqual(key, TestHash.Sha256File(repo.PathOf(path)), path);
        }

        AssertCacheIsGood(repo);
        var verify = await repo.RunProcessAsync(["verify"]);
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
    }

    private static string ObjectLock(TempRepo repo, string key) => Path.Join(repo.Cache, "locks", key[..2], key + ".lock");

    /// <summary>Every object's content matches its name, and no cache temp file is left behind.</summary>
    private static void AssertCacheIsGood(TempRepo repo)
    {
        var objects = Path.Join(repo.Cache, "objects");
        foreach (var f in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(f);
            Assert.IsFalse(AtomicFile.IsTempName(name), $"temp file left in the cache: {f}");
            Assert.AreEqual(name, TestHash.Sha256File(f), $"cache object {name} does not match its key");
        }
    }
}
