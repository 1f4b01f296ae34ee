using System.Diagnostics;
using System.Text;

namespace DataTasks.Cli.Tests.Infrastructure;

/// <summary>Runs dotnet data in-process (CliApp.RunAsync) or as a real child process (dotnet dotnet-data.dll).</summary>
internal static class CliRunner
{
    /// <summary>Environment variables the tool reads; child processes never inherit them from the test host.</summary>
    public static readonly string[] ToolVariables =
        ["DATATASKS_CACHE_DIR", "DATATASKS_REMOTE", "DATATASKS_CASE_INSENSITIVE_FS", "XDG_CACHE_HOME"];

    /// <summary>The longest any single child process may run before the test fails.</summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    public static async Task<CliResult> RunInProcessAsync(IReadOnlyList<string> args, string workingDirectory, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync([.. args], stdout, stderr, workingDirectory, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>dotnet-data.dll, copied next to the test assembly by the project reference.</summary>
    public static string ToolDll
    {
        get
        {
            var dll = Path.Join(AppContext.BaseDirectory, "dotnet-data.dll");
            var runtimeConfig = Path.Join(AppContext.BaseDirectory, "dotnet-data.runtimeconfig.json");
            if (!File.Exists(dll) || !File.Exists(runtimeConfig))
            {
                throw new InvalidOperationException($"dotnet-data.dll or its runtimeconfig.json is missing from {AppContext.BaseDirectory}");
            }

            return dll;
        }
    }

    public static string DotnetHost
    {
        get
        {
            var self = Environment.ProcessPath;
            if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return self;
            }

            var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Join(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")))
            {
                return Path.Join(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            }

            return "dotnet";
        }
    }

    /// <summary>
    /// Starts the real tool. The child never inherits the tool's variables from the test host: only those in
    /// <paramref name="environment"/> are set (a null value removes one). HOME points into <paramref name="home"/> so
    /// the default cache location can never be the real ~/.cache.
    /// </summary>
    public static RunningTool Start(string workingDirectory, IReadOnlyList<string> args, string home, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(ToolDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var v in ToolVariables)
        {
            psi.Environment.Remove(v);
        }

        Directory.CreateDirectory(home);
        psi.Environment["HOME"] = home;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null)
                {
                    psi.Environment.Remove(k);
                }
                else
                {
                    psi.Environment[k] = v;
                }
            }
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        return new RunningTool(process);
    }

    public static async Task<CliResult> RunProcessAsync(string workingDirectory, IReadOnlyList<string> args, string home, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var tool = Start(workingDirectory, args, home, environment);
        return await tool.WaitAsync(ProcessTimeout);
    }
}

/// <summary>A running dotnet data process whose output is collected in the background.</summary>
internal sealed class RunningTool : IDisposable
{
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;
    private readonly System.Text.StringBuilder stderrSoFar = new();

    public RunningTool(Process process)
    {
        Process = process;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = CollectAsync(process.StandardError, stderrSoFar);
    }

    public Process Process { get; }

    /// <summary>What the process has written to stderr so far: lets a test wait for a notice instead of for a guessed time.</summary>
    public string StderrSoFar
    {
        get
        {
            lock (stderrSoFar)
            {
                return stderrSoFar.ToString();
            }
        }
    }

    private static async Task<string> CollectAsync(StreamReader reader, System.Text.StringBuilder into)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, n);
            }
        }

        lock (into)
        {
            return into.ToString();
        }
    }

    public bool HasExited => Process.HasExited;

    /// <summary>Waits for the process to exit (bounded), then returns its output. Fails the test on timeout.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree();
            throw new AssertFailedException($"dotnet data did not exit within {timeout}");
        }

        return new CliResult(Process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends SIGINT (what Ctrl+C in a terminal sends), then waits (bounded) for the process to exit on its own.</summary>
    public async Task<CliResult> InterruptAsync()
    {
        Assert.AreEqual(0, NativeSignals.kill(Process.Id, NativeSignals.SIGINT), "kill(SIGINT) failed");
        return await WaitAsync(CliRunner.ProcessTimeout);
    }

    /// <summary>kill -9 the process, and waits (bounded) for it to be gone.</summary>
    public async Task<CliResult> KillAsync()
    {
        KillTree();
        return await WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void KillTree()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            KillTree();
            Process.WaitForExit(10_000);
        }

        Process.Dispose();
    }
}

/// <summary>POSIX signals: .NET can receive them but has no API to send one to another process.</summary>
internal static class NativeSignals
{
    public const int SIGINT = 2;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // The libc name.
    public static extern int kill(int pid, int sig);
#pragma warning restore SA1300, IDE1006
}
