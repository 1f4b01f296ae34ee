using System.Diagnostics;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 9: real processes pulling at once, and a pull killed with SIGKILL partway through.</summary>
[TestClass]
public sealed class ConcurrencyTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Puts <paramref name="count"/> distinct objects straight into the remote and writes a manifest naming them.</summary>
    private static Dictionary<string, string> SeedRemote(TempRepo repo, int count, Func<int, int> sizeOf)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < count; i++)
        {
            var bytes = TestBytes.Seeded(sizeOf(i), 1000 + i);
            var key = repo.PutRemoteObject(bytes);
            var path = $"data/part{i / 5}/file{i:D2}.bin";
            keys[path] = key;
            entries.Add((path, key, bytes.Length));
        }

        repo.WriteManifest(entries);
        return keys;
    }

    private static void AssertEveryPresentFileIsComplete(TempRepo repo, Dictionary<string, string> keys, string when)
    {
        foreach (var (path, key) in keys)
        {
            if (repo.Exists(path))
            {
                Assert.AreEqual(key, TestHash.Sha256File(repo.PathOf(path)), $"{when}: {path} is partial or wrong");
            }
        }
    }

    private static void AssertCacheObjectsAreValid(TempRepo repo)
    {
        var objects = Path.Join(repo.Cache, "objects");
        if (!Directory.Exists(objects))
        {
            return;
        }

        foreach (var f in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(f);
            if (!name.EndsWith(".dtpart", StringComparison.Ordinal))
            {
                Assert.AreEqual(name, TestHash.Sha256File(f), $"cache object {name} does not match its key");
            }
        }
    }

    [TestMethod]
    public async Task TwoPullProcessesAtOnce_SameRepoAndCache_BothSucceed_AndEveryFileIsCorrect()
    {
        using var repo = await TempRepo.CreateAsync();
        var sizes = new Random(42);
        var keys = SeedRemote(repo, 20, _ => sizes.Next(1_000_000, 5_000_001));

        foreach (var round in new[] { "cold cache", "warm cache" })
        {
            if (Directory.Exists(repo.PathOf("data")))
            {
                Directory.Delete(repo.PathOf("data"), recursive: true);
            }

            using var first = repo.StartProcess(["pull", "--jobs", "4"]);
            using var second = repo.StartProcess(["pull", "--jobs", "4"]);
            var results = await Task.WhenAll(first.WaitAsync(CliRunner.ProcessTimeout), second.WaitAsync(CliRunner.ProcessTimeout));
            foreach (var r in results)
            {
                Assert.AreEqual(0, r.ExitCode, $"{round}:\n{r}");
                Assert.IsFalse(r.Stderr.Contains("error", StringComparison.Ordinal), $"{round}:\n{r}");
            }

            foreach (var (path, key) in keys)
            {
                Assert.IsTrue(repo.Exists(path), $"{round}: {path} missing");
            }

            AssertEveryPresentFileIsComplete(repo, keys, round);
            AssertCacheObjectsAreValid(repo);
            var verify = await repo.RunAsync("verify");
            Assert.AreEqual(0, verify.ExitCode, verify.ToString());
            Assert.AreEqual(0, Directory.GetFiles(repo.Root, "*.dtpart", SearchOption.AllDirectories).Length, $"{round}: temp files left in the tree");
        }
    }

    [TestMethod]
    [DataRow("cache bytes", DisplayName = "killed once cache bytes appear")]
    [DataRow("first file", DisplayName = "killed once the first file appears")]
    public async Task PullKilledPartway_LeavesNoPartialFile_AndTheNextPullCompletes(string killWhen)
    {
        using var repo = await TempRepo.CreateAsync();
        var keys = SeedRemote(repo, 6, _ => 50_000_000);
        var objects = Path.Join(repo.Cache, "objects");

        bool Progress()
        {
            if (killWhen == "first file")
            {
                return keys.Keys.Any(repo.Exists);
            }

            return TempRepo.AnyNonEmptyFile(objects);
        }

        // On a busy machine the probe can be starved long enough for the whole pull to finish; then the kill proves
        // nothing, so start over from an empty tree and cache (a few times) rather than pass or fail on scheduling luck.
        CliResult? killed = null;
        for (var attempt = 0; attempt < 4 && killed is null; attempt++)
        {
            foreach (var path in keys.Keys.Where(repo.Exists))
            {
                File.Delete(repo.PathOf(path));
            }

            if (Directory.Exists(repo.Cache))
            {
                TempDir.DeleteDirectory(repo.Cache);
            }

            using var tool = repo.StartProcess(["pull", "--jobs", "1"]);
            var watch = Stopwatch.StartNew();
            while (!Progress() && !tool.HasExited && watch.Elapsed < CliRunner.ProcessTimeout)
            {
                await Task.Delay(2, TestContext.CancellationToken);
            }

            var wasRunning = !tool.HasExited;
            var result = await tool.KillAsync();
            if (wasRunning && keys.Keys.Count(repo.Exists) < keys.Count)
            {
                killed = result;
            }
        }

        Assert.IsNotNull(killed, "the pull finished before it could be killed, four times; the data set is too small for this machine");
        Assert.AreNotEqual(0, killed.ExitCode, "the pull was not killed");
        var present = keys.Keys.Count(repo.Exists);
        Assert.IsTrue(present < keys.Count, "the pull completed before the kill");

        // Nothing partial at any target path.
        AssertEveryPresentFileIsComplete(repo, keys, "after kill -9");
        AssertCacheObjectsAreValid(repo);

        // The next pull (another process, same cache, same lock files) completes and verifies.
        var again = await repo.RunProcessAsync(["pull"]);
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        StringAssert.Contains(again.Stdout, $"{present} up to date", again.ToString());
        foreach (var (path, key) in keys)
        {
            Assert.AreEqual(key, TestHash.Sha256File(repo.PathOf(path)), path);
        }

        var verify = await repo.RunProcessAsync(["verify"]);
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        AssertCacheObjectsAreValid(repo);
        Assert.AreEqual(0, Directory.GetFiles(objects, "*.dtpart", SearchOption.AllDirectories).Length, "the next pull did not clean the killed pull's cache temp file");
    }
}
