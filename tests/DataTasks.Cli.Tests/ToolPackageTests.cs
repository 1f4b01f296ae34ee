using System.Diagnostics;
using System.Runtime.InteropServices;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>
/// The tool as users get it: packed (once per run, by <see cref="PackedFeed"/>), installed with 'dotnet tool install', and run through the README workflow. On
/// linux-x64 that is the native AOT build, so this also proves the engine works compiled ahead of time.
/// </summary>
[TestClass]
public sealed class ToolPackageTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task PackedTool_InstallsAndRunsTheWorkflow()
    {
        using var repo = await TempRepo.CreateAsync(init: false);
        var work = Path.Join(repo.Base, "tool");
        var feed = PackedFeed.ToolFeed();
        var native = RuntimeInformation.RuntimeIdentifier == "linux-x64";

        var tools = Path.Join(work, "tools");
        await Run("dotnet", ["tool", "install", "DataTasks.Cli", "--tool-path", tools, "--add-source", feed, "--ignore-failed-sources"],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Join(work, "packages") });
        var exe = Path.Join(tools, OperatingSystem.IsWindows() ? "dotnet-data.exe" : "dotnet-data");
        Assert.IsTrue(File.Exists(exe), $"{exe} was not installed");
        if (native)
        {
            var target = new FileInfo(exe).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? exe;
            StringAssert.Contains(target, "linux-x64", "on linux-x64 the tool must install the native package");
            Assert.IsFalse(File.Exists(Path.ChangeExtension(target, ".dll")), "the native package must not be a framework-dependent dll");
        }

        var version = await Run(exe, ["--version"]);
        Assert.AreEqual("0.1.0", version.Trim());

        var env = new Dictionary<string, string> { ["DATATASKS_CACHE_DIR"] = repo.Cache };
        await Run(exe, ["-C", repo.Root, "init", "--remote", "../remote"], env);
        Directory.CreateDirectory(repo.Remote);
        repo.WriteText(".datapattern", "data/**/*.bin\n");
        var a = repo.WriteRandom("data/models/a.bin", 3_000_000, 1);
        var b = repo.WriteRandom("data/b.bin", 10_000, 2);
        StringAssert.Contains(await Run(exe, ["-C", repo.Root, "status"], env), "untracked data/b.bin (10KB, matches .datapattern, not in manifest)");
        await Run(exe, ["-C", repo.Root, "add", "--all"], env);
        await Run(exe, ["-C", repo.Root, "push"], env);
        StringAssert.Contains(await Run(exe, ["-C", repo.Root, "status"], env), $"synced   data/b.bin (10KB, key: {TestHash.Sha256(b)[..4]}...)");
        Directory.Delete(repo.PathOf("data"), recursive: true);
        StringAssert.Contains(await Run(exe, ["-C", repo.Root, "status", "--json"], env), "\"missing\": 2");
        await Run(exe, ["-C", repo.Root, "pull"], env);
        StringAssert.Contains(await Run(exe, ["-C", repo.Root, "verify"], env), "verified 2 files");
        CollectionAssert.AreEqual(a, repo.Read("data/models/a.bin"));
        CollectionAssert.AreEqual(b, repo.Read("data/b.bin"));

        File.WriteAllText(repo.ManifestPath, "{\"version\": 2, \"entries\": {\"../x\": ");
        var bad = await RunRaw(exe, ["-C", repo.Root, "status"], env);
        Assert.AreEqual(2, bad.ExitCode, bad.Stderr);
        StringAssert.StartsWith(bad.Stderr, "error DT0101:");
    }

    private static async Task<string> Run(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var r = await RunRaw(file, args, env);
        Assert.AreEqual(0, r.ExitCode, $"{file} {string.Join(' ', args)}\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunRaw(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var v in CliRunner.ToolVariables)
        {
            psi.Environment.Remove(v);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
