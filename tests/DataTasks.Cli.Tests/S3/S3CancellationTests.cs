using System.Diagnostics;
using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// Ctrl+C (SIGINT) in the middle of an S3 transfer: the tool stops with exit code 130 and one DT0402 line, aborts the
/// multipart uploads it had open, leaves no partial file or temp file, and the same command run again completes.
/// The proxy slows every first attempt so the transfer is still in flight when the signal arrives.
/// </summary>
[TestClass]
public sealed class S3CancellationTests
{
    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    private static JsonObject SmallParts => new() { ["multipart_threshold_mb"] = 8, ["part_size_mb"] = 8 };

    [TestMethod]
    public async Task CtrlCMidPush_Exits130_AbortsOpenMultipartUploads_AndTheNextPushCompletes()
    {
        await using var world = await S3World.CreateAsync(withProxy: true, SmallParts);
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            files[$"data/model{i}.bin"] = repo.WriteRandom($"data/model{i}.bin", 40 * 1024 * 1024, 900 + i);
        }

        await repo.RunOkAsync("add", "data");
        proxy.Faults = FaultPlan.None.Every(1, "PUT", new Fault.Slow(TimeSpan.FromMilliseconds(400)));

        using var tool = repo.StartProcess(["push", "--jobs", "2"]);
        await WaitUntilAsync(tool, () => world.Server.PendingMultipartUploads().Length > 0 && proxy.Requests.Any(IsPart), world);
        var result = await tool.InterruptAsync();

        AssertCancelled(result, world);

        // s3rver 3.7.1 answers AbortMultipartUpload with 405 (it does not implement it), so its uploads folder cannot
        // show the abort; the request log can: every upload the push started is completed or aborted.
        var requests = proxy.Requests;
        var started = requests.Where(IsPart).Select(r => UploadId(r.Target)).Distinct(StringComparer.Ordinal).ToList();
        Assert.IsNotEmpty(started, S3Proxy.Describe(requests));
        foreach (var uploadId in started)
        {
            Assert.IsTrue(
                requests.Any(r => r.Method is "DELETE" or "POST" && !IsPart(r) && r.Target.Contains("uploadId=" + uploadId, StringComparison.Ordinal)),
                $"multipart upload {uploadId} was neither completed nor aborted\n{S3Proxy.Describe(requests)}");
        }

        Assert.IsTrue(requests.Any(r => r.Method == "DELETE"), $"no AbortMultipartUpload was sent\n{S3Proxy.Describe(requests)}");
        foreach (var key in world.Server.ListKeys())
        {
            Assert.AreEqual(key[(S3World.Prefix.Length + 1)..], TestHash.Sha256File(world.Server.ObjectFile(key)), $"{key} in the bucket is partial");
        }

        var status = await repo.RunAsync("status");
        Assert.IsTrue(status.ExitCode is 0 or 1, $"the manifest is still readable\n{status}");
        proxy.Faults = FaultPlan.None;
        var again = await repo.RunAsync("push");
        Assert.AreEqual(0, again.ExitCode, world.Diagnostics(again));
        var expected = files.Values.Select(b => S3World.BucketKey(TestHash.Sha256(b))).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, world.Server.ListKeys());
        proxy.AssertHealthy();
    }

    [TestMethod]
    [DataRow(false, DisplayName = "pull")]
    [DataRow(true, DisplayName = "pull --no-cache")]
    public async Task CtrlCMidPull_Exits130_LeavesNoPartialOrTempFile_AndTheNextPullCompletes(bool noCache)
    {
        await using var world = await S3World.CreateAsync(withProxy: true, SmallParts);
        var repo = world.Repo;
        var proxy = world.Proxy!;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 4; i++)
        {
            var bytes = TestBytes.Seeded(30 * 1024 * 1024, 950 + i);
            files[$"data/set{i}.bin"] = bytes;
            entries.Add(($"data/set{i}.bin", await world.SeedObjectAsync(bytes), bytes.Length));
        }

        repo.WriteManifest(entries);
        proxy.Faults = FaultPlan.None.Every(1, "GET", new Fault.Slow(TimeSpan.FromMilliseconds(400)));
        var objects = Path.Join(repo.Cache, "objects");

        using var tool = repo.StartProcess(noCache ? ["pull", "--jobs", "2", "--no-cache"] : ["pull", "--jobs", "2"]);
        await WaitUntilAsync(tool, () => TempRepo.AnyNonEmptyFile(noCache ? repo.PathOf("data") : objects), world);
        var result = await tool.InterruptAsync();

        AssertCancelled(result, world);
        Assert.IsFalse(files.Keys.All(repo.Exists), "every file was restored: the signal came too late to test anything");
        foreach (var (path, bytes) in files)
        {
            if (repo.Exists(path))
            {
                Assert.AreEqual(TestHash.Sha256(bytes), TestHash.Sha256File(repo.PathOf(path)), $"{path} is partial");
            }
        }

        AssertNoTempFiles(repo.Root);
        AssertNoTempFiles(repo.Cache);

        proxy.Faults = FaultPlan.None;
        var again = await repo.RunAsync("pull");
        Assert.AreEqual(0, again.ExitCode, world.Diagnostics(again));
        await S3World.AssertRestoredAsync(repo, files);
        proxy.AssertHealthy();
    }

    private static bool IsPart(ProxiedRequest r) => r.Method == "PUT" && r.Target.Contains("partNumber=", StringComparison.Ordinal);

    private static string UploadId(string target)
    {
        var start = target.IndexOf("uploadId=", StringComparison.Ordinal) + "uploadId=".Length;
        var end = target.IndexOf('&', start);
        return end < 0 ? target[start..] : target[start..end];
    }

    private static void AssertCancelled(CliResult result, S3World world)
    {
        Assert.AreEqual(130, result.ExitCode, world.Diagnostics(result));
        var errors = result.ErrLines.Where(l => l.StartsWith("error ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, errors, result.ToString());
        StringAssert.StartsWith(errors[0], "error DT0402: ", result.ToString());
    }

    private static void AssertNoTempFiles(string folder)
    {
        var temps = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dtpart", SearchOption.AllDirectories) : [];
        Assert.HasCount(0, temps, $"temp files left behind: {string.Join(", ", temps)}");
    }

    private async Task WaitUntilAsync(RunningTool tool, Func<bool> inFlight, S3World world)
    {
        var watch = Stopwatch.StartNew();
        while (!inFlight() && !tool.HasExited && watch.Elapsed < CliRunner.ProcessTimeout)
        {
            await Task.Delay(5, TestContext.CancellationToken);
        }

        if (tool.HasExited)
        {
            Assert.Fail($"the transfer finished before it could be interrupted\n{world.Diagnostics(await tool.WaitAsync(TimeSpan.FromSeconds(10)))}");
        }

        Assert.IsTrue(inFlight(), "the transfer never got going");
    }
}
