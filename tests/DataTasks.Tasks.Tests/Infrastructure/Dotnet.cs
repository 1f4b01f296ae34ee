using System.Diagnostics;
using System.Text;

namespace DataTasks.Tasks.Tests.Infrastructure;

/// <summary>The output of one dotnet process: exit code and stdout+stderr interleaved as printed.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything it printed.</param>
internal sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>The "DataTasks: &lt;project&gt;: N files: D from the remote …" summary lines of the hydrate task.</summary>
    public IReadOnlyList<string> HydrateSummaries =>
        Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("DataTasks: ", StringComparison.Ordinal) && l.Contains(" from the remote (", StringComparison.Ordinal)).ToList();

    /// <summary>Objects fetched from the remote, summed over every hydrate summary (each project and framework).</summary>
    public int DownloadedFromRemote => HydrateSummaries.Sum(l =>
    {
        var files = l.IndexOf(" files: ", StringComparison.Ordinal) + " files: ".Length;
        return int.Parse(l[files..l.IndexOf(' ', files)], System.Globalization.CultureInfo.InvariantCulture);
    });

    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>Runs the dotnet CLI as a child process, with the variables of this test world and no build servers left behind.</summary>
internal static class Dotnet
{
    /// <summary>Variables a developer's shell may set that would make a test depend on that machine.</summary>
    private static readonly string[] Scrubbed = ["DATATASKS_REMOTE", "DATATASKS_CACHE_DIR", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "DOTNET_HOST_PATH"];

    public static ProcessResult Run(string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
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

        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish in 8 minutes\n{output}");
        }

        p.WaitForExit();
        return new ProcessResult(p.ExitCode, output.ToString());

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
