using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// A real Ceph radosgw (Debian's ceph 16, "pacific") on 127.0.0.1: a strict S3 server that checks every SigV4
/// signature and payload hash, unlike s3rver. One mon, one memstore OSD and one gateway, with cephx off, everything in a
/// private temp folder and every port on 127.0.0.1. Starting takes about 15 s, so the cluster is started once per test
/// assembly (<see cref="SharedAsync"/>) and each test takes its own bucket; <see cref="RadosGatewayLifetime"/> stops it.
/// The S3 user has s3rver's keys (<see cref="S3Environment"/>), so both servers accept the process-wide credentials.
/// Each daemon runs in the foreground under a small shell that kills it when the test host's end of its stdin closes,
/// so a test host that dies takes the cluster with it.
/// </summary>
internal sealed class RadosGateway : IAsyncDisposable
{
    public const string InstallHint = "run `.ci/run` as root, or `apt-get install --no-install-recommends ceph-mon ceph-osd radosgw`";

    private static readonly string[] Tools = ["ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "ceph", "monmaptool"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lock Gate = new();
    private static Task<RadosGateway>? shared;

    private readonly List<Process> daemons = [];

    private RadosGateway(string folder, int monPort, int port)
    {
        Folder = folder;
        MonPort = monPort;
        Port = port;
    }

    /// <summary>The cluster's folder: ceph.conf, the mon's store, logs, admin sockets.</summary>
    public string Folder { get; }

    public int MonPort { get; }

    /// <summary>The gateway's HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    private string ConfigFile => Path.Join(Folder, "ceph.conf");

    /// <summary>The assembly's one cluster, started on first use; a start that failed fails every test that asks again.</summary>
    public static Task<RadosGateway> SharedAsync()
    {
        lock (Gate)
        {
            return shared ??= StartAsync();
        }
    }

    /// <summary>Stops the shared cluster if it was started (the assembly cleanup).</summary>
    public static async Task StopSharedAsync()
    {
        Task<RadosGateway>? started;
        lock (Gate)
        {
            started = shared;
        }

        if (started is { IsCompletedSuccessfully: true })
        {
            await started.Result.DisposeAsync();
        }
    }

    /// <summary>An S3 client with the test user's keys, path-style, signing every payload: for setting up and inspecting buckets.</summary>
    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(S3Environment.AccessKey, S3Environment.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            AuthenticationRegion = S3Environment.Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>Creates a new, empty bucket with a unique name and returns the name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var bucket = "dt-" + Guid.NewGuid().ToString("N")[..16];
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    /// <summary>The last lines of every daemon's log, for failure messages.</summary>
    public string RecentLogs()
    {
        var sb = new StringBuilder();
        var logs = Path.Join(Folder, "log");
        if (Directory.Exists(logs))
        {
            foreach (var file in Directory.GetFiles(logs).Order(StringComparer.Ordinal))
            {
                // A crash ends with a long backtrace: the line that says why comes first.
                var lines = File.ReadAllLines(file);
                var why = lines.Where(l => l.Contains("ceph_assert", StringComparison.Ordinal) || l.Contains("what():", StringComparison.Ordinal) ||
                                           l.Contains("terminate called", StringComparison.Ordinal) || l.Contains(" ERROR", StringComparison.Ordinal)).Take(5);
                sb.Append("--- ").Append(Path.GetFileName(file)).Append(" ---\n").AppendJoin('\n', why.Concat(lines.TakeLast(15))).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static async Task<RadosGateway> StartAsync()
    {
        foreach (var tool in Tools)
        {
            if (FindOnPath(tool) is null)
            {
                throw new AssertFailedException($"{tool} is not on PATH; the strict S3 tests run a real Ceph radosgw: {InstallHint}");
            }
        }

        S3Environment.Apply();
        DeleteLeftovers();

        // A daemon that dies while a fresh cluster forms (seen once, not reproduced) gets one more try with new ports.
        try
        {
            return await StartOnceAsync();
        }
        catch (DaemonDiedException first)
        {
            try
            {
                return await StartOnceAsync();
            }
            catch (DaemonDiedException second)
            {
                throw new AssertFailedException($"{second.Message}\n--- the first attempt ---\n{first.Message}");
            }
        }
    }

    /// <summary>Deletes the folders of clusters whose test host was killed (their daemons died with it).</summary>
    private static void DeleteLeftovers()
    {
        var root = Path.Join(Path.GetTempPath(), "dt-cli-tests");
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var dir in Directory.GetDirectories(root, "radosgw-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                TempDir.DeleteDirectory(dir);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<RadosGateway> StartOnceAsync()
    {
        var folder = Path.Join(Path.GetTempPath(), "dt-cli-tests", $"radosgw-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var gateway = new RadosGateway(folder, FreePort(), FreePort());
        try
        {
            using var cts = new CancellationTokenSource(StartTimeout);
            await gateway.LaunchAsync(cts.Token);
            return gateway;
        }
        catch (OperationCanceledException)
        {
            var logs = gateway.RecentLogs();
            await gateway.DisposeAsync();
            throw new AssertFailedException($"radosgw did not start within {StartTimeout}:\n{logs}");
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        foreach (var dir in new[] { "mon", "osd", "rgw", "run", "log" })
        {
            Directory.CreateDirectory(Path.Join(Folder, dir));
        }

        var fsid = Guid.NewGuid().ToString();
        File.WriteAllText(ConfigFile, CephConfig(fsid), new UTF8Encoding(false));
        File.WriteAllText(Path.Join(Folder, "keyring"), string.Empty);

        await RunAsync("monmaptool", ["--create", "--fsid", fsid, "--addv", "a", $"[v1:127.0.0.1:{MonPort}]", Path.Join(Folder, "monmap")], cancellationToken);
        await RunAsync("ceph-mon", ["--id", "a", "--mkfs", "--monmap", Path.Join(Folder, "monmap"), "--keyring", "/dev/null"], cancellationToken);
        StartDaemon("ceph-mon", ["--id", "a"]);

        var id = (await RunAsync("ceph", ["--connect-timeout", "30", "osd", "create"], cancellationToken)).Trim();
        Assert.AreEqual("0", id, "the first OSD of a new cluster");
        await RunAsync("ceph-osd", ["--id", "0", "--mkfs"], cancellationToken);
        StartDaemon("ceph-osd", ["--id", "0"]);
        StartDaemon("radosgw", ["-n", "client.rgw"]);

        await WaitUntilAnsweringAsync(cancellationToken);
        await RunAsync("radosgw-admin", ["user", "create", "--uid", "datatasks", "--display-name", "DataTasks tests",
            "--access-key", S3Environment.AccessKey, "--secret-key", S3Environment.SecretKey], cancellationToken);
    }

    /// <summary>
    /// ceph.conf: msgr v1 only (one port for the mon), no cephx (the gateway's S3 signatures are what is under test),
    /// one replica and few placement groups (one OSD), a memstore OSD, short client timeouts so nothing waits forever.
    /// </summary>
    private string CephConfig(string fsid)
    {
        var d = Folder;
        return string.Join('\n',
            "[global]",
            $"fsid = {fsid}",
            $"mon host = v1:127.0.0.1:{MonPort}",
            "public network = 127.0.0.0/8",
            "cluster network = 127.0.0.0/8",
            "ms bind msgr2 = false",
            "auth cluster required = none",
            "auth service required = none",
            "auth client required = none",
            $"keyring = {d}/keyring",
            $"run dir = {d}/run",
            $"admin socket = {d}/run/$name.asok",
            $"log file = {d}/log/$name.log",
            "client mount timeout = 30",
            "rados mon op timeout = 60",
            "rados osd op timeout = 60",
            "osd pool default size = 1",
            "osd pool default min size = 1",
            "osd pool default pg num = 8",
            "osd pool default pgp num = 8",
            "osd pool default pg autoscale mode = off",
            "osd crush chooseleaf type = 0",
            "mon max pg per osd = 1000",
            "mon data avail crit = 0",
            "mon data avail warn = 0",
            "[mon.a]",
            $"mon data = {d}/mon",
            "[osd.0]",
            $"osd data = {d}/osd",
            "osd objectstore = memstore",
            "memstore device bytes = 4294967296",
            "[client.rgw]",
            $"rgw data = {d}/rgw",
            $"rgw frontends = beast endpoint=127.0.0.1:{Port}",
            "rgw enable usage log = false",
            string.Empty);
    }

    /// <summary>Runs a short ceph command (bounded) and returns its stdout; fails with its output when it fails.</summary>
    private async Task<string> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["CEPH_CONF"] = ConfigFile;
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new AssertFailedException($"could not start {tool}");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{tool} {string.Join(' ', args)} did not finish within {CommandTimeout}:\n{RecentLogs()}");
        }

        if (p.ExitCode != 0)
        {
            throw new AssertFailedException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}\n{RecentLogs()}");
        }

        return await stdout;
    }

    /// <summary>Starts a daemon in the foreground (-f), its output in log/&lt;tool&gt;.out, under a shell that kills it when stdin closes.</summary>
    private void StartDaemon(string tool, IReadOnlyList<string> args)
    {
        // The daemon's exit ends the shell (wait), so the shell's exit tells the fixture the daemon died.
        // A background job's stdin is /dev/null unless redirected, hence the copy of stdin in fd 3.
        const string Watchdog = "exec 3<&0; out=\"$1\"; shift; \"$@\" -f </dev/null 3<&- >\"$out\" 2>&1 & pid=$!; " +
                                "( cat >/dev/null; kill -9 $pid ) <&3 >/dev/null 2>&1 & exec 3<&-; wait $pid";
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
        psi.Environment["CEPH_CONF"] = ConfigFile;
        foreach (var a in new[] { "-c", Watchdog, "sh", Path.Join(Folder, "log", tool + ".out"), tool })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new AssertFailedException($"could not start {tool}");
        daemons.Add(p);
    }

    /// <summary>Waits (bounded by the start timeout) until the gateway answers an anonymous GET / with 200.</summary>
    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var last = "no answer";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (daemons.FirstOrDefault(d => d.HasExited) is { } dead)
            {
                throw new DaemonDiedException($"{Path.GetFileName(dead.StartInfo.ArgumentList[4])} exited while the cluster started ({last}):\n{RecentLogs()}");
            }

            try
            {
                using var response = await http.GetAsync(Endpoint + "/", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"GET / answered {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + Path.PathSeparator + "/usr/bin" + Path.PathSeparator + "/usr/sbin";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, tool))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Kills the gateway, then the OSD, then the mon (each with its shell), and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = daemons.Count - 1; i >= 0; i--)
        {
            var p = daemons[i];
            try
            {
                p.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                // Reported by the leftover check of the next run; never hang the cleanup.
            }

            p.Dispose();
        }

        daemons.Clear();
        TempDir.DeleteDirectory(Folder);
    }

    /// <summary>A ceph daemon exited while the cluster was starting.</summary>
    private sealed class DaemonDiedException(string message) : AssertFailedException(message);
}
