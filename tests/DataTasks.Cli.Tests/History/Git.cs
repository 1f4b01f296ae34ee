using System.Diagnostics;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.History;

/// <summary>The real git for history tests: a fixed identity, no signing, output returned; fails the test on a non-zero exit.</summary>
internal static class Git
{
    public static string Run(string workingDirectory, params string[] args) => RunWith(workingDirectory, null, args);

    /// <summary>Runs git with extra environment variables (say, GIT_SEQUENCE_EDITOR for a scripted rebase -i).</summary>
    public static string RunWith(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", "user.name=Tess Tester", "-c", "user.email=tess@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_EDITOR"] = "true";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            Assert.Fail("git did not finish");
        }

        Assert.AreEqual(0, p.ExitCode, $"git {string.Join(' ', args)} failed: {err.Result}");
        return output.Trim();
    }

    /// <summary>Stages artifacts.json (and the config) and commits; returns the new commit's hash.</summary>
    public static string CommitManifest(TempRepo repo, string message)
    {
        Run(repo.Root, "add", "artifacts.json", ".datatasks/config.json", ".gitignore");
        Run(repo.Root, "commit", "-q", "-m", message);
        return Run(repo.Root, "rev-parse", "HEAD");
    }

    /// <summary>Writes a file, adds and pushes it with dotnet data; returns its key.</summary>
    public static async Task<string> AddAndPushAsync(TempRepo repo, string path, int size, int seed)
    {
        repo.WriteRandom(path, size, seed);
        await repo.RunOkAsync("add", path);
        await repo.RunOkAsync("push", path);
        var key = repo.StorageKey(path);
        Assert.IsNotNull(key, $"{path} was pushed");
        return key;
    }

    /// <summary>Makes every object in a folder remote look written <paramref name="age"/> ago, so the grace period does not protect it.</summary>
    public static void AgeRemoteObjects(TempRepo repo, TimeSpan age)
    {
        foreach (var file in Directory.GetFiles(repo.Remote))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - age);
        }
    }
}
