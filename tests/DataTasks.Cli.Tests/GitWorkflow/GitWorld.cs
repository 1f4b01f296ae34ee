using System.Diagnostics;
using System.Text;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>
/// Real git driving a real tool: a 'dotnet-data' executable on PATH (how a global tool is installed) runs this build
/// of the tool, so git's hooks and merge driver find it exactly as on a user's machine. Every git call gets this
/// world's machine cache and a fake HOME; <see cref="WithoutTool"/> is a machine where DataTasks is not installed.
/// </summary>
internal sealed class GitWorld
{
    private GitWorld(TempRepo repo, string toolBin)
    {
        Repo = repo;
        ToolBin = toolBin;
    }

    public TempRepo Repo { get; }

    /// <summary>The folder holding the dotnet-data executable.</summary>
    public string ToolBin { get; }

    /// <summary>True to run git with a PATH that has no dotnet-data on it.</summary>
    public bool WithoutTool { get; set; }

    public static GitWorld For(TempRepo repo)
    {
        var bin = Path.Join(repo.Base, "tool-bin");
        Directory.CreateDirectory(bin);
        var shim = Path.Join(bin, "dotnet-data");
        File.WriteAllText(shim, $"#!/bin/sh\nexec '{CliRunner.DotnetHost}' '{CliRunner.ToolDll}' \"$@\"\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new GitWorld(repo, bin);
    }

    /// <summary>Writes seeded bytes at <paramref name="path"/>, adds and pushes it, and commits everything as <paramref name="message"/>.</summary>
    public async Task<byte[]> CommitDataAsync(string path, int size, int seed, string message)
    {
        var bytes = Repo.WriteRandom(path, size, seed);
        await Repo.RunOkAsync("add", path);
        await Repo.RunOkAsync("push");
        Git(Repo.Root, "add", "-A");
        Git(Repo.Root, "commit", "-q", "-m", message);
        return bytes;
    }

    /// <summary>Runs git and fails the test unless it exits 0; returns standard output.</summary>
    public string Git(string dir, params string[] args)
    {
        var result = TryGit(dir, args);
        Assert.AreEqual(0, result.ExitCode, $"git {string.Join(' ', args)}\n{result}");
        return result.Stdout;
    }

    /// <summary>Runs git (with a fixed identity) and returns what it did.</summary>
    public CliResult TryGit(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var v in CliRunner.ToolVariables)
        {
            psi.Environment.Remove(v);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        psi.Environment["PATH"] = WithoutTool ? path : ToolBin + Path.PathSeparator + path;
        psi.Environment["DATATASKS_CACHE_DIR"] = Repo.Cache;
        Directory.CreateDirectory(Repo.Home);
        psi.Environment["HOME"] = Repo.Home;
        psi.Environment["GIT_EDITOR"] = "true";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"git {string.Join(' ', args)} did not finish in 2 minutes");
        }

        return new CliResult(p.ExitCode, output.Result, err.Result);
    }
}
