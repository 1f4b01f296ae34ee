using System.Diagnostics;
using System.Text;
using DataTasks.Cli.Tests.History;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>A committed manifest written by someone else must never make pull plant files that git acts on.</summary>
[TestClass]
public sealed class HostilePathTests
{
    [TestMethod]
    public async Task Pull_ManifestPlantingANestedGitRepository_IsRefused_AndGitRunsNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        var marker = Path.Join(repo.Base, "PWNED");
        var files = new (string Path, byte[] Content)[]
        {
            ("data/.git/HEAD", Encoding.UTF8.GetBytes("ref: refs/heads/main\n")),
            ("data/.git/config", Encoding.UTF8.GetBytes($"[core]\n\tfsmonitor = \"touch '{marker}'; false\"\n")),
            ("data/.git/objects/keep", Encoding.UTF8.GetBytes("k\n")),
            ("data/.git/refs/keep", Encoding.UTF8.GetBytes("r\n")),
        };
        repo.WriteManifest(files.Select(f => (f.Path, (string?)repo.PutRemoteObject(f.Content), (long)f.Content.Length)));
        Git.CommitManifest(repo, "innocent data");

        var pull = await repo.RunAsync("pull");

        BadInputTests.AssertOneErrorLine(pull, "DT0104", exitCode: 2);
        StringAssert.Contains(pull.Stderr, "data/.git/", pull.ToString());
        Assert.IsFalse(Directory.Exists(repo.PathOf("data/.git")), "pull created data/.git");
        Assert.IsFalse(Directory.Exists(repo.Cache), "pull fetched objects before refusing");

        // What the attack needs next: anyone running git inside data/.
        Directory.CreateDirectory(repo.PathOf("data"));
        RunGitStatus(repo.PathOf("data"));
        Assert.IsFalse(File.Exists(marker), "git ran the command planted in data/.git/config");
    }

    [TestMethod]
    [DataRow("data/GIT~1/config")]
    [DataRow("data/.git./config")]
    [DataRow("data/.g\u200Cit/config")]
    [DataRow("data/sub/.gitmodules")]
    [DataRow("data/.gitattributes")]
    [DataRow("data/.gitignore")]
    public async Task EveryCommand_ManifestWithAGitAlias_IsRefused(string path)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteManifest([(path, repo.PutRemoteObject("x"u8.ToArray()), 1)]);
        foreach (var args in new[] { new[] { "pull" }, ["status"], ["verify"], ["tree"] })
        {
            var result = await repo.RunAsync(args);
            BadInputTests.AssertOneErrorLine(result, "DT0104", exitCode: 2);
        }

        Assert.IsFalse(Directory.Exists(repo.PathOf("data")), "a command wrote into data/");
    }

    [TestMethod]
    public async Task Add_AFileNamedLikeAGitControlFile_IsRefused()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/x/.gitattributes", "* filter=evil\n");
        var before = File.ReadAllBytes(repo.ManifestPath);

        var add = await repo.RunAsync("add", "data/x/.gitattributes");

        BadInputTests.AssertOneErrorLine(add, "DT0104", exitCode: 2);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(repo.ManifestPath), "add changed artifacts.json");
    }

    [TestMethod]
    public async Task Add_AFileUnderAFolderThatIsAnEntry_IsDT0107_AndTheManifestIsUnchanged()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/x", "file");
        await repo.RunOkAsync("add", "data/x");
        File.Delete(repo.PathOf("data/x"));
        repo.WriteText("data/x/y", "now a folder");
        var before = File.ReadAllBytes(repo.ManifestPath);

        var add = await repo.RunAsync("add", "data/x/y");

        BadInputTests.AssertOneErrorLine(add, "DT0107", exitCode: 2);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(repo.ManifestPath), "add changed artifacts.json");
    }

    [TestMethod]
    [DataRow(".")]
    [DataRow(".git")]
    [DataRow(".git/objects")]
    [DataRow(".datatasks")]
    [DataRow("data/objects")]
    public async Task Push_RemoteAmongTheRepositorysOwnFiles_IsDT0207(string remote)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/a.bin", "a");
        await repo.RunOkAsync("add", "data/a.bin");
        var tree = Snapshot.Take(repo.Root);
        foreach (var args in new[] { new[] { "--remote", remote, "push" }, ["--remote", remote, "push", "--dry-run"] })
        {
            var result = await repo.RunAsync(args);
            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "error DT0207: remote '" + remote + "'", result.ToString());
        }

        tree.AssertUnchanged("push to a remote inside the repository");
    }

    private static void RunGitStatus(string workingDirectory)
    {
        var psi = new ProcessStartInfo("git", ["status", "--porcelain"])
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        _ = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            Assert.Fail("git status did not finish");
        }
    }
}
