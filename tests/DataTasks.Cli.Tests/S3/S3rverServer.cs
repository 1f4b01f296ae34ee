using System.Collections;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// What every S3 test shares: s3rver's fixed credentials, set once process-wide (the AWS SDK reads them from its
/// default chain), and where the pinned s3rver install lives.
/// </summary>
internal static partial class S3Environment
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Region = "us-east-1";
    public const string InstallHint = "run `npm ci --prefix tests/s3rver` at the repository root (needs Node.js and npm)";

    private static readonly Lock Gate = new();
    private static bool applied;

    /// <summary>
    /// Sets s3rver's credentials for this process (and so for every child process it starts) and removes every other
    /// AWS_* variable, so a developer's endpoint, region, profile or checksum settings never leak into a test.
    /// The shared config and credentials files point at a path that does not exist. Idempotent; the values are the
    /// same for every test, so tests running in parallel never see different ones.
    /// </summary>
    public static void Apply()
    {
        lock (Gate)
        {
            if (applied)
            {
                return;
            }

            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                var name = (string)variable.Key;
                if (name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase))
                {
                    Environment.SetEnvironmentVariable(name, null);
                }
            }

            var noFiles = Path.Join(Path.GetTempPath(), "dt-cli-tests", "no-aws-config-" + Environment.ProcessId);
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Join(noFiles, "config"));
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Join(noFiles, "credentials"));
            applied = true;
        }
    }

    /// <summary>tests/s3rver: DATATASKS_S3RVER_DIR, else found from this source file, the test assembly or the working directory.</summary>
    public static string S3rverFolder
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("DATATASKS_S3RVER_DIR");
            if (!string.IsNullOrEmpty(overridden))
            {
                return Path.GetFullPath(overridden);
            }

            foreach (var start in new[] { Path.GetDirectoryName(ThisFile())!, AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Join(dir.FullName, "tests", "s3rver");
                    if (File.Exists(Path.Join(candidate, "package.json")) && File.Exists(Path.Join(candidate, "serve.js")))
                    {
                        return candidate;
                    }
                }
            }

            throw new AssertFailedException("cannot find tests/s3rver (package.json and serve.js) above the test sources, the test assembly or the working directory; set DATATASKS_S3RVER_DIR");
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    /// <summary>The node executable on PATH; fails the test (never skips it) when there is none.</summary>
    public static string Node
    {
        get
        {
            var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var name in names)
                {
                    var full = Path.Join(dir, name);
                    if (File.Exists(full))
                    {
                        return full;
                    }
                }
            }

            throw new AssertFailedException($"Node.js (node) is not on PATH; the S3 tests run a real S3 server (s3rver): install Node.js, then {InstallHint}");
        }
    }

    private static readonly object InstallGate = new();

    /// <summary>
    /// Installs s3rver from the lockfile when a fresh clone has not yet (so `dotnet test` alone works, as the README
    /// says), then fails unless s3rver 3.7.1 is installed under tests/s3rver/node_modules.
    /// </summary>
    public static string CheckInstalled()
    {
        var folder = S3rverFolder;
        lock (InstallGate)
        {
            if (!File.Exists(Path.Join(folder, "node_modules", "s3rver", "package.json")))
            {
                NpmCi(folder);
            }
        }

        return CheckInstalled(folder);
    }

    private static void NpmCi(string folder)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "ci", "--prefix", folder, "--no-audit", "--no-fund" })
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = System.Diagnostics.Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5)) || p.ExitCode != 0)
            {
                throw new AssertFailedException($"npm ci --prefix {folder} failed: {error.Result}{output.Result}");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new AssertFailedException($"npm is not on PATH ({ex.Message}); {InstallHint}");
        }
    }

    /// <summary>Fails unless s3rver 3.7.1 is installed under <paramref name="folder"/>/node_modules; returns the folder.</summary>
    public static string CheckInstalled(string folder)
    {
        var package = Path.Join(folder, "node_modules", "s3rver", "package.json");
        if (!File.Exists(package))
        {
            throw new AssertFailedException($"s3rver is not installed ({package} is missing): {InstallHint}");
        }

        var version = VersionPattern().Match(File.ReadAllText(package));
        if (!version.Success || version.Groups[1].Value != "3.7.1")
        {
            throw new AssertFailedException($"{package} is not s3rver 3.7.1 (found {(version.Success ? version.Groups[1].Value : "no version")}): {InstallHint}");
        }

        return folder;
    }

    [GeneratedRegex("\"version\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex VersionPattern();
}

/// <summary>
/// A real s3rver process on 127.0.0.1 with one bucket, its data in a private temp folder. s3rver stores the object
/// <c>a/b/key</c> of bucket <c>B</c> as <c>&lt;data&gt;/B/a/b/key._S3rver_object</c> (plus <c>.md5</c> and
/// <c>._S3rver_metadata.json</c> beside it); multipart uploads in progress live under <c>&lt;data&gt;/B/._S3rver_uploads/</c>.
/// Disposing kills the process tree and deletes the data folder.
/// </summary>
internal sealed partial class S3rverServer : IAsyncDisposable
{
    public const string ObjectSuffix = "._S3rver_object";
    public const string UploadsFolder = "._S3rver_uploads";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Queue<string> output = new();
    private Process? process;

    private S3rverServer(string dataDirectory, string bucket)
    {
        DataDirectory = dataDirectory;
        Bucket = bucket;
    }

    /// <summary>s3rver's data folder.</summary>
    public string DataDirectory { get; }

    public string Bucket { get; }

    /// <summary>The port it listens on; the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The last lines s3rver printed, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    /// <summary>Starts s3rver on a port the OS picks (no race with other tests) and waits until the bucket answers.</summary>
    public static async Task<S3rverServer> StartAsync(string dataDirectory, string bucket = "datatasks-test")
    {
        S3Environment.CheckInstalled();
        Directory.CreateDirectory(dataDirectory);
        var server = new S3rverServer(dataDirectory, bucket);
        try
        {
            await server.LaunchAsync(port: 0);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>kill -9 the server (and its children) and waits until it is gone. The data folder stays.</summary>
    public async Task KillAsync()
    {
        var p = process;
        if (p is null)
        {
            return;
        }

        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        p.Dispose();
        process = null;
    }

    /// <summary>Starts s3rver again on the same port with the same data folder.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await LaunchAsync(Port);
                return;
            }
            catch (AssertFailedException) when (DateTime.UtcNow < deadline)
            {
                // The port may linger briefly after the kill: try again (bounded).
                await KillAsync();
                await Task.Delay(200);
            }
        }
    }

    private async Task LaunchAsync(int port)
    {
        var folder = S3Environment.S3rverFolder;
        var psi = new ProcessStartInfo(S3Environment.Node)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { Path.Join(folder, "serve.js"), "--directory", DataDirectory, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bucket", Bucket })
        {
            psi.ArgumentList.Add(a);
        }

        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => OnLine(e.Data, started);
        p.ErrorDataReceived += (_, e) => OnLine(e.Data, started);
        p.Exited += (_, _) => started.TrySetException(new AssertFailedException($"s3rver exited before it listened:\n{RecentOutput}"));
        if (!p.Start())
        {
            throw new AssertFailedException("could not start node");
        }

        process = p;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        // stdin stays open: serve.js exits when it closes, so a test host that dies takes the server with it.
        int bound;
        try
        {
            bound = await started.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AssertFailedException($"s3rver did not say it was listening within {StartTimeout}:\n{RecentOutput}");
        }

        if (port != 0 && bound != port)
        {
            throw new AssertFailedException($"s3rver listens on {bound}, not on {port}");
        }

        Port = bound;
        await WaitUntilAnsweringAsync().ConfigureAwait(false);
    }

    private void OnLine(string? line, TaskCompletionSource<int> started)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > 200)
            {
                output.Dequeue();
            }
        }

        var m = ListeningPattern().Match(line);
        if (m.Success)
        {
            started.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Waits (bounded) until the port accepts connections and an anonymous HEAD on the bucket answers 200.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (process is null || process.HasExited)
            {
                throw new AssertFailedException($"s3rver exited:\n{RecentOutput}");
            }

            try
            {
                using (var tcp = new TcpClient())
                {
                    await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                }

                using var head = new HttpRequestMessage(HttpMethod.Head, $"{Endpoint}/{Bucket}");
                using var response = await http.SendAsync(head);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"HEAD /{Bucket} answered {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(50);
        }

        throw new AssertFailedException($"s3rver did not answer on {Endpoint} within {StartTimeout}: {last}\n{RecentOutput}");
    }

    /// <summary>Stores an object with a plain anonymous PUT (s3rver accepts unsigned requests), bypassing DataTasks.</summary>
    public async Task PutObjectAsync(string key, byte[] content)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var body = new ByteArrayContent(content);
        using var response = await http.PutAsync($"{Endpoint}/{Bucket}/{key}", body);
        Assert.IsTrue(response.IsSuccessStatusCode, $"anonymous PUT {key} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The file in which s3rver keeps the bytes of <paramref name="key"/>.</summary>
    public string ObjectFile(string key) =>
        Path.Join(DataDirectory, Bucket, key.Replace('/', Path.DirectorySeparatorChar) + ObjectSuffix);

    /// <summary>Every object key in the bucket (from s3rver's data folder), sorted ordinally.</summary>
    public string[] ListKeys()
    {
        var bucketDir = Path.Join(DataDirectory, Bucket);
        if (!Directory.Exists(bucketDir))
        {
            return [];
        }

        return Directory.EnumerateFiles(bucketDir, "*" + ObjectSuffix, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(bucketDir, f).Replace('\\', '/'))
            .Where(rel => !rel.StartsWith(UploadsFolder + "/", StringComparison.Ordinal))
            .Select(rel => rel[..^ObjectSuffix.Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Multipart uploads s3rver still holds open (started, neither completed nor aborted).</summary>
    public string[] PendingMultipartUploads()
    {
        var uploads = Path.Join(DataDirectory, Bucket, UploadsFolder);
        return Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray() : [];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            TempDir.DeleteDirectory(DataDirectory);
        }
    }

    [GeneratedRegex(@"S3rver listening on [^\s]+:(\d+)")]
    private static partial Regex ListeningPattern();
}
