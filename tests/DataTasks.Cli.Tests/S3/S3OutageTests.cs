using System.Diagnostics;
using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// Outages of an s3:// remote: an endpoint that refuses every connection, one that accepts and never answers, a wrong
/// secret, and s3rver restarting under a pull. Each ends quickly with one error line per distinct error and a count,
/// or (the restart) is survived.
/// </summary>
[TestClass]
public sealed class S3OutageTests
{
    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    /// <summary>Manifest entries for <paramref name="count"/> objects that exist nowhere: every pull of them must ask the remote.</summary>
    private static void WriteUnpulledManifest(TempRepo repo, int count) =>
        repo.WriteManifest(Enumerable.Range(0, count).Select(i => ($"data/set/f{i:D3}.bin", (string?)TestHash.Sha256(BitConverter.GetBytes(i)), 4L)));

    private static string[] ErrorLines(CliResult result) => [.. result.ErrLines.Where(l => l.StartsWith("error ", StringComparison.Ordinal))];

    /// <remarks>The one test allowed a time bound (generous: it took 35–80 s before the shared connection budget).</remarks>
    [TestMethod]
    public async Task EndpointRefusesEveryConnection_PullOf200Files_EndsUnder20s_WithOneDT0203LineAndTheCount()
    {
        using var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        var port = ScriptedHttpServer.RefusingPort();
        S3SecretRedactionTests.WriteS3Config(repo, $"http://127.0.0.1:{port}");
        WriteUnpulledManifest(repo, 200);

        var watch = Stopwatch.StartNew();
        var pull = await repo.RunProcessAsync(["pull"]);
        watch.Stop();

        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        var errors = ErrorLines(pull);
        Assert.HasCount(1, errors, pull.ToString());
        StringAssert.StartsWith(errors[0], "error DT0203: ", pull.ToString());
        StringAssert.Contains(errors[0], $"cannot connect to http://127.0.0.1:{port} (connection refused)", pull.ToString());
        StringAssert.Contains(errors[0], "200 files not pulled", pull.ToString());
        Assert.IsLessThan(TimeSpan.FromSeconds(20), watch.Elapsed, $"pull took {watch.Elapsed.TotalSeconds:0.0} s\n{pull}");
        Assert.AreEqual(0, Directory.GetFiles(repo.Root, "*.dtpart", SearchOption.AllDirectories).Length, "temp files left in the tree");
    }

    [TestMethod]
    [DataRow("pull", DisplayName = "pull")]
    [DataRow("push", DisplayName = "push")]
    public async Task EndpointAcceptsButNeverAnswers_TheCommandEndsWithOneDT0203Line(string command)
    {
        await using var server = ScriptedHttpServer.Silent();
        using var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        S3SecretRedactionTests.WriteS3Config(repo, server.Endpoint, new JsonObject { ["stall_timeout_seconds"] = 2 });
        if (command == "push")
        {
            for (var i = 0; i < 12; i++)
            {
                repo.WriteRandom($"data/set/f{i:D3}.bin", 1000, 40 + i);
            }

            await repo.RunOkAsync("add", "data");
        }
        else
        {
            WriteUnpulledManifest(repo, 12);
        }

        var result = await repo.RunProcessAsync([command]);

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        var errors = ErrorLines(result);
        Assert.HasCount(1, errors, result.ToString());
        StringAssert.StartsWith(errors[0], "error DT0203: ", result.ToString());
        StringAssert.Contains(errors[0], $"{server.Endpoint} accepted connections but sent nothing for 2 s", result.ToString());
        Assert.IsNotEmpty(server.Heads, "the requests reached the silent server");
    }

    /// <remarks>
    /// https:// to a server that accepts the connection and never answers the TLS handshake: the socket handler's
    /// connect timeout (15 s) fires before any stall, and counts as a failure to connect (shared budget), not as a
    /// timeout the SDK retries 8 times.
    /// </remarks>
    [TestMethod]
    public async Task TlsHandshakeNeverAnswered_PullEndsWithOneDT0203Line()
    {
        await using var server = ScriptedHttpServer.Silent();
        using var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        S3SecretRedactionTests.WriteS3Config(repo, $"https://127.0.0.1:{server.Port}", new JsonObject { ["stall_timeout_seconds"] = 120 });
        WriteUnpulledManifest(repo, 12);

        var pull = await repo.RunProcessAsync(["pull"]);

        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        var errors = ErrorLines(pull);
        Assert.HasCount(1, errors, pull.ToString());
        StringAssert.StartsWith(errors[0], "error DT0203: ", pull.ToString());
        StringAssert.Contains(errors[0], $"cannot connect to https://127.0.0.1:{server.Port} (connection timed out)", pull.ToString());
        StringAssert.Contains(errors[0], "12 files not pulled", pull.ToString());
    }

    /// <remarks>s3rver checks no signatures, so the proxy answers every request itself, as AWS does for a bad key pair.</remarks>
    [TestMethod]
    [DataRow("SignatureDoesNotMatch")]
    [DataRow("InvalidAccessKeyId")]
    public async Task WrongSecret_PullOf202Files_OneDT0206LineWithTheCount(string s3Code)
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        var repo = world.Repo;
        WriteUnpulledManifest(repo, 202);
        world.Proxy!.Faults = FaultPlan.None.Every(1, null, new Fault.Status(403, s3Code));

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(1, pull.ExitCode, world.Diagnostics(pull));
        var errors = ErrorLines(pull);
        Assert.HasCount(1, errors, world.Diagnostics(pull));
        StringAssert.StartsWith(errors[0], "error DT0206: ", pull.ToString());
        StringAssert.Contains(errors[0], world.RemoteUrl, pull.ToString());
        StringAssert.Contains(errors[0], "202 files not pulled", pull.ToString());
        StringAssert.Contains(pull.Stdout, "202 failed", pull.ToString());
    }

    /// <remarks>
    /// The proxy holds back the response head of every first attempt for longer than stall_timeout_seconds: each is
    /// abandoned and retried (the retry passes), so push and pull succeed instead of waiting on the stalled request.
    /// </remarks>
    [TestMethod]
    public async Task RequestsThatStallLongerThanTheStallTimeout_AreRetried_AndPushAndPullSucceed()
    {
        await using var world = await S3World.CreateAsync(withProxy: true, new JsonObject { ["stall_timeout_seconds"] = 2 });
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            files[$"data/f{i}.bin"] = repo.WriteRandom($"data/f{i}.bin", 30_000 + i, 880 + i);
        }

        await repo.RunOkAsync("add", "data");
        proxy.Faults = FaultPlan.None.Every(1, "PUT", new Fault.Slow(TimeSpan.FromSeconds(8)));
        var push = await repo.RunAsync("push");
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        AssertEveryStalledRequestWasRetried(proxy.Requests);

        world.ForgetLocalCopies();
        var mark = proxy.Mark();
        proxy.Faults = FaultPlan.None.Every(1, "GET", new Fault.Slow(TimeSpan.FromSeconds(8)));
        var pull = await repo.RunAsync("pull");
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        AssertEveryStalledRequestWasRetried(proxy.RequestsSince(mark));
        await S3World.AssertRestoredAsync(repo, files);
    }

    private static void AssertEveryStalledRequestWasRetried(IReadOnlyList<ProxiedRequest> requests)
    {
        var stalled = requests.Where(r => r.Fault is Fault.Slow).ToList();
        Assert.IsNotEmpty(stalled, $"no request was held back\n{S3Proxy.Describe(requests)}");
        foreach (var first in stalled)
        {
            Assert.IsTrue(
                requests.Any(r => r.Number > first.Number && r.Method == first.Method && r.Target == first.Target && r.Fault is null),
                $"{first} was waited out instead of retried\n{S3Proxy.Describe(requests)}");
        }
    }

    [TestMethod]
    public async Task S3rverRestartedDuringAPull_ThePullStillCompletes()
    {
        await using var world = await S3World.CreateAsync();
        var repo = world.Repo;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 6; i++)
        {
            var bytes = TestBytes.Seeded(24_000_000, 700 + i);
            var path = $"data/big/file{i}.bin";
            files[path] = bytes;
            entries.Add((path, await world.SeedObjectAsync(bytes), bytes.Length));
        }

        repo.WriteManifest(entries);
        var objects = Path.Join(repo.Cache, "objects");
        using var tool = repo.StartProcess(["pull", "--jobs", "2"]);
        var watch = Stopwatch.StartNew();
        while (!TempRepo.AnyNonEmptyFile(objects) && !tool.HasExited && watch.Elapsed < CliRunner.ProcessTimeout)
        {
            await Task.Delay(2, TestContext.CancellationToken);
        }

        if (tool.HasExited)
        {
            Assert.Fail($"pull exited before any byte reached the cache; the test could not restart s3rver mid-pull\n{world.Diagnostics(await tool.WaitAsync(TimeSpan.FromSeconds(10)))}");
        }

        await world.Server.RestartAsync();
        var pull = await tool.WaitAsync(CliRunner.ProcessTimeout);

        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        await S3World.AssertRestoredAsync(repo, files);
    }
}
