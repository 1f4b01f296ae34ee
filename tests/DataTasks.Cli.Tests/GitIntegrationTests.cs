using System.Diagnostics;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>The point of the tool: data stays out of git, and a fresh clone gets it back with pull.</summary>
[TestClass]
public sealed class GitIntegrationTests
{
    private static string Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        Assert.IsTrue(p.WaitForExit(60_000), "git hung");
        Assert.AreEqual(0, p.ExitCode, $"git {string.Join(' ', args)}: {err.Result}");
        return output;
    }

    [TestMethod]
    public async Task DataAndLocalStateStayOutOfGit_AndAFreshClonePullsEverythingBack()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**/*.bin\n");
        var a = repo.WriteRandom("data/models/a.bin", 30_000, 1);
        var b = repo.WriteRandom("data/b.bin", 40_000, 2);
        File.WriteAllText(Path.Join(repo.Root, ".datatasks", "config.local.json"), $"{{\"remote\": {System.Text.Json.JsonSerializer.Serialize(repo.Remote)}}}\n");
        await repo.RunOkAsync("add", "--all");
        await repo.RunOkAsync("push");

        var porcelain = Git(repo.Root, "status", "--porcelain", "--untracked-files=all")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[3..]).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { ".datapattern", ".datatasks/config.json", ".gitattributes", ".gitignore", "artifacts.json" }, porcelain,
            "only the manifest, the pattern file, the shared config, .gitattributes (the merge driver) and .gitignore are for git");

        Git(repo.Root, "add", "-A");
        Git(repo.Root, "commit", "-q", "-m", "data");
        var clone = Path.Join(repo.Base, "clone");
        Git(repo.Base, "clone", "-q", repo.Root, clone);
        Assert.IsFalse(Directory.Exists(Path.Join(clone, "data")));

        var status = await CliRunner.RunInProcessAsync(["--cache-dir", Path.Join(repo.Base, "clone-cache"), "status"], clone);
        Assert.AreEqual(2, status.OutLines.Count(l => l.StartsWith("missing  ", StringComparison.Ordinal)), status.ToString());

        var pull = await CliRunner.RunInProcessAsync(["--cache-dir", Path.Join(repo.Base, "clone-cache"), "pull"], clone);
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Join(clone, "data", "models", "a.bin")));
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(clone, "data", "b.bin")));
        var verify = await CliRunner.RunInProcessAsync(["--cache-dir", Path.Join(repo.Base, "clone-cache"), "verify"], clone);
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        Assert.AreEqual(string.Empty, Git(clone, "status", "--porcelain", "--untracked-files=all"), "pulling leaves the clone's git status clean");
    }
}
