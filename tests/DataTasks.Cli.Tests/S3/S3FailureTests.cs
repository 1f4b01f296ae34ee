using System.Diagnostics;
using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>The s3:// remote when things go wrong: the server dies mid-pull, the network misbehaves, the secret is wrong.</summary>
[TestClass]
public sealed class S3FailureTests
{
    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

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

    [TestMethod]
    public async Task S3rverKilledMidPull_FailsWithADTError_LeavesNoPartialFile_AndThePullAfterARestartCompletes()
    {
        await using var world = await S3World.CreateAsync();
        var repo = world.Repo;
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 8; i++)
        {
            var bytes = TestBytes.Seeded(40_000_000, 500 + i);
            var key = await world.SeedObjectAsync(bytes);
            var path = $"data/part{i / 4}/file{i}.bin";
            keys[path] = key;
            entries.Add((path, key, bytes.Length));
        }

        repo.WriteManifest(entries);
        var objects = Path.Join(repo.Cache, "objects");
        bool CacheHasBytes() => TempRepo.AnyNonEmptyFile(objects);

        using var tool = repo.StartProcess(["pull", "--jobs", "2"]);
        var watch = Stopwatch.StartNew();
        while (!CacheHasBytes() && !tool.HasExited && watch.Elapsed < CliRunner.ProcessTimeout)
        {
            await Task.Delay(2, TestContext.CancellationToken);
        }

        if (tool.HasExited)
        {
            Assert.Fail($"pull exited before any byte reached the cache; the test could not kill s3rver mid-pull\n{world.Diagnostics(await tool.WaitAsync(TimeSpan.FromSeconds(10)))}");
        }

        Assert.IsTrue(CacheHasBytes(), "no byte reached the cache in time");
        await world.Server.KillAsync();

        var pull = await tool.WaitAsync(CliRunner.ProcessTimeout);
        Assert.AreNotEqual(0, pull.ExitCode, $"pull succeeded although s3rver was killed mid-pull\n{world.Diagnostics(pull)}");
        Assert.IsTrue(
            pull.ErrLines.Any(l => l.StartsWith("error DT0203: ", StringComparison.Ordinal) || l.StartsWith("error DT0302: ", StringComparison.Ordinal)),
            $"expected error DT0203 or DT0302\n{world.Diagnostics(pull)}");
        Assert.IsFalse(keys.Keys.All(repo.Exists), "every file was restored although s3rver was killed");
        AssertEveryPresentFileIsComplete(repo, keys, "after the failed pull");

        await world.Server.RestartAsync();
        var again = await repo.RunAsync("pull");
        Assert.AreEqual(0, again.ExitCode, world.Diagnostics(again));
        foreach (var path in keys.Keys)
        {
            Assert.IsTrue(repo.Exists(path), $"{path} missing after the second pull");
        }

        AssertEveryPresentFileIsComplete(repo, keys, "after the second pull");
        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        Assert.AreEqual(0, Directory.GetFiles(repo.Root, "*.dtpart", SearchOption.AllDirectories).Length, "temp files left in the tree");
    }

    [TestMethod]
    public async Task ErrorsDropsCutOffsAndSlowResponses_PushAndPullStillSucceed_WithCorrectData()
    {
        await using var world = await S3World.CreateAsync(withProxy: true, new JsonObject { ["multipart_threshold_mb"] = 8, ["part_size_mb"] = 8 });
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var sizes = new[] { 0, 1_000, 20_000, 150_000, 700_000, 1_500_000, 3_000_000, 5_000_000, 20 * 1024 * 1024, 2_000_000, 333_333, 64 * 1024 };
        for (var i = 0; i < sizes.Length; i++)
        {
            var path = $"data/f{i:D2}.bin";
            files[path] = repo.WriteRandom(path, sizes[i], 600 + i);
        }

        await repo.RunOkAsync("add", "data");

        // Push: every 3rd distinct request 503, every 4th PUT 500, every 5th dropped, every 7th slow.
        proxy.Faults = FaultPlan.None
            .Every(3, null, Fault.ServiceUnavailable)
            .Every(4, "PUT", Fault.InternalError)
            .Every(5, null, new Fault.Drop())
            .Every(7, null, new Fault.Slow(TimeSpan.FromMilliseconds(300)));
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        StringAssert.Contains(push.Stdout, $"pushed {files.Count} files", push.ToString());
        var pushFaults = proxy.Requests.Where(r => r.Fault is not null).ToList();
        Assert.IsTrue(pushFaults.Any(r => r.Fault is Fault.Status { Code: 503 }), S3Proxy.Describe(proxy.Requests));
        Assert.IsTrue(pushFaults.Any(r => r.Fault is Fault.Status { Code: 500 }), S3Proxy.Describe(proxy.Requests));
        Assert.IsTrue(pushFaults.Any(r => r.Fault is Fault.Drop), S3Proxy.Describe(proxy.Requests));
        var expectedKeys = files.Values.Select(b => S3World.BucketKey(TestHash.Sha256(b))).Distinct().Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expectedKeys, world.Server.ListKeys());
        foreach (var bytes in files.Values)
        {
            Assert.AreEqual(TestHash.Sha256(bytes), TestHash.Sha256File(world.Server.ObjectFile(S3World.BucketKey(TestHash.Sha256(bytes)))), "the bucket holds the exact bytes");
        }

        // Pull (mostly GETs, so the rules count the same requests; the first that fires wins): every 3rd distinct GET
        // cut off half-way, every 4th distinct request 503, every 5th GET slow.
        world.ForgetLocalCopies();
        var mark = proxy.Mark();
        proxy.Faults = FaultPlan.None
            .Every(3, "GET", new Fault.CutOff())
            .Every(4, null, Fault.ServiceUnavailable)
            .Every(5, "GET", new Fault.Slow(TimeSpan.FromMilliseconds(300)));
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        var pullRequests = proxy.RequestsSince(mark);
        Assert.IsTrue(pullRequests.Any(r => r.Fault is Fault.CutOff && r.Status is 200 or 206), $"a download was cut off\n{S3Proxy.Describe(pullRequests)}");
        Assert.IsTrue(pullRequests.Any(r => r.Fault is Fault.Status), S3Proxy.Describe(pullRequests));
        Assert.IsTrue(pullRequests.Any(r => r.Fault is Fault.Slow), S3Proxy.Describe(pullRequests));
        await S3World.AssertRestoredAsync(repo, files);
        proxy.AssertHealthy();
    }

    /// <remarks>
    /// Every first attempt of a PUT (push) and then of a GET (pull) is answered 503 SlowDown with a Retry-After header,
    /// once in delay-seconds form and once as an HTTP-date. The retry of each must reach the server no sooner than the
    /// response asked: a lower bound on a wait, which a slow machine cannot break.
    /// </remarks>
    [TestMethod]
    public async Task ThrottledWithRetryAfter_TheRetryWaitsAtLeastThatLong_AndTheTransferSucceeds()
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["data/model.bin"] = repo.WriteRandom("data/model.bin", 70_000, 81) };
        await repo.RunOkAsync("add", "data");

        proxy.Faults = FaultPlan.None.Every(1, "PUT", new Fault.Status(503, "SlowDown", "2"));
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        AssertRetriedNoSoonerThan(proxy.Requests, TimeSpan.FromSeconds(2));

        world.ForgetLocalCopies();
        var mark = proxy.Mark();

        // An HTTP-date a little more than 2 s ahead: its whole seconds make the wait at least 1 s.
        var when = DateTimeOffset.UtcNow.AddSeconds(3).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        proxy.Faults = FaultPlan.None.Every(1, "GET", new Fault.Status(503, "SlowDown", when));
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        AssertRetriedNoSoonerThan(proxy.RequestsSince(mark), TimeSpan.FromSeconds(1));
        await S3World.AssertRestoredAsync(repo, files);
        proxy.AssertHealthy();
    }

    private static void AssertRetriedNoSoonerThan(IReadOnlyList<ProxiedRequest> requests, TimeSpan wait)
    {
        var throttled = requests.Where(r => r.Fault is Fault.Status { RetryAfter: not null }).ToList();
        Assert.IsNotEmpty(throttled, $"no request was throttled\n{S3Proxy.Describe(requests)}");
        foreach (var first in throttled)
        {
            var retry = requests.FirstOrDefault(r => r.Number > first.Number && r.Method == first.Method && r.Target == first.Target);
            Assert.IsNotNull(retry, $"{first} was never retried\n{S3Proxy.Describe(requests)}");
            var waited = System.Diagnostics.Stopwatch.GetElapsedTime(first.ArrivedAt, retry.ArrivedAt);
            Assert.IsGreaterThanOrEqualTo(wait, waited, $"{retry} came {waited.TotalMilliseconds:0} ms after {first}, sooner than Retry-After asked\n{S3Proxy.Describe(requests)}");
        }
    }

    /// <remarks>
    /// s3rver 3.7.1 does not check SigV4 signatures (its authentication middleware accepts any signature from a known
    /// access key id), so a wrong secret alone would be accepted. The test therefore sends an access key id s3rver does
    /// not know (403 InvalidAccessKeyId, what AWS answers for a bad key pair too) together with the wrong secret, and
    /// checks the secret is never printed.
    /// </remarks>
    [TestMethod]
    [DataRow("push", false, DisplayName = "push")]
    [DataRow("push", true, DisplayName = "push --verbose")]
    [DataRow("pull", false, DisplayName = "pull")]
    [DataRow("pull", true, DisplayName = "pull --verbose")]
    public async Task WrongSecret_OneDT0206LineNamingTheRemote_Exit1_AndTheSecretIsNeverPrinted(string command, bool verbose)
    {
        const string Secret = "wrong-secret-12345";
        await using var world = await S3World.CreateAsync();
        var repo = world.Repo;
        var bytes = repo.WriteRandom("data/model.bin", 50_000, 71);
        if (command == "push")
        {
            await repo.RunOkAsync("add", "data");
        }
        else
        {
            repo.WriteManifest([("data/model.bin", await world.SeedObjectAsync(bytes), bytes.Length)]);
            File.Delete(repo.PathOf("data/model.bin"));
        }

        var bucket = Snapshot.Take(world.Server.DataDirectory);
        string[] args = verbose ? ["--verbose", command] : [command];
        var result = await repo.RunProcessAsync(args, new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIANOTKNOWNTOS3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = Secret,
        });

        Assert.AreEqual(1, result.ExitCode, world.Diagnostics(result));
        var errors = result.ErrLines.Where(l => l.StartsWith("error ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, errors, $"exactly one error line\n{result}");
        StringAssert.StartsWith(errors[0], "error DT0206: ", result.ToString());
        StringAssert.Contains(errors[0], world.RemoteUrl, "the error names the remote");
        Assert.IsFalse(result.Stdout.Contains(Secret, StringComparison.Ordinal), $"the secret leaked to stdout\n{result}");
        Assert.IsFalse(result.Stderr.Contains(Secret, StringComparison.Ordinal), $"the secret leaked to stderr\n{result}");
        bucket.AssertUnchanged("a refused " + command);
        if (command == "pull")
        {
            Assert.IsFalse(repo.Exists("data/model.bin"));
        }
        else
        {
            Assert.IsNull(repo.StorageKey("data/model.bin"), "no key is written when the push was refused");
        }
    }
}
