using System.Diagnostics;
using System.Text;

namespace DataTasks.TestSupport;

/// <summary>Runs the dotnet CLI as a child process, with no developer variables and no build servers left behind.</summary>
public static class DotnetProcess
{
    /// <summary>Variables a developer's shell may set that would make a test depend on that machine.</summary>
    private static readonly string[] Scrubbed = ["DATATASKS_REMOTE", "DATATASKS_CACHE_DIR", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "DOTNET_HOST_PATH"];

    /// <summary>
    /// Runs dotnet and returns its exit code and stdout+stderr interleaved as printed; fails the test after
    /// <paramref name="timeout"/> (8 minutes unless given). A null value in <paramref name="environment"/> removes that variable.
    /// </summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var v in Scrubbed)
        {
            psi.Environment.Remove(v);
        }

        // Leave no MSBuild node or compiler server running after the test: each would hold this run's task DLL.
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["UseSharedCompilation"] = "false";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
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

        var limit = timeout ?? TimeSpan.FromMinutes(8);
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish in {limit}\n{output}");
        }

        // The timed wait can return before the redirected streams are drained; this one waits for them.
        p.WaitForExit();
        return (p.ExitCode, output.ToString());

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }
}
