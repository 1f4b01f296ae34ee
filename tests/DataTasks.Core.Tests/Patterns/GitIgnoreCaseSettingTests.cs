using System.Diagnostics;
using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

[TestClass]
public sealed class GitIgnoreCaseSettingTests
{
    [TestMethod]
    [DataRow("[core]\n\tignorecase = true\n", true)]
    [DataRow("[core]\n\tignoreCase = TRUE\n", true)]
    [DataRow("[CORE]\nignorecase=yes\n", true)]
    [DataRow("[core]\n\tignorecase\n", true)]
    [DataRow("[core]\n\tignorecase = 1 ; comment\n", true)]
    [DataRow("[core] ignorecase = on\n", true)]
    [DataRow("[core]\r\n\tignorecase = true\r\n", true)]
    [DataRow("[core]\n\tignorecase = \"true\"\n", true)]
    [DataRow("[core]\n\tignorecase = true\n[core]\n\tignorecase = false\n", false)]
    [DataRow("[core]\n\tignorecase = false\n", false)]
    [DataRow("[core]\n\tignorecase =\n", false)]
    [DataRow("[core]\n\tignorecase = 0\n", false)]
    [DataRow("[core]\n\t# ignorecase = true\n", false)]
    [DataRow("[core \"x\"]\n\tignorecase = true\n", false)]
    [DataRow("[user]\n\tignorecase = true\n", false)]
    [DataRow("[core]\n\tignorecaseX = true\n", false)]
    [DataRow("", false)]
    public void Parse_ReadsCoreIgnoreCaseAsAGitBoolean(string config, bool expected)
    {
        Assert.AreEqual(expected, GitIgnoreCaseSetting.Parse(config));
    }

    [TestMethod]
    public void Read_FindsTheConfigOfTheEnclosingRepository_AndOfALinkedWorktree()
    {
        string root = Path.Combine(Path.GetTempPath(), "dt-ignorecase-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            string repo = Path.Combine(root, "repo");
            Git(root, "init", "-q", repo);
            Git(repo, "commit", "-q", "--allow-empty", "-m", "first");
            string sub = Path.Combine(repo, "sub", "folder");
            Directory.CreateDirectory(sub);
            Assert.IsFalse(GitIgnoreCaseSetting.Read(sub));

            Git(repo, "config", "core.ignorecase", "true");
            Assert.IsTrue(GitIgnoreCaseSetting.Read(repo));
            Assert.IsTrue(GitIgnoreCaseSetting.Read(sub));

            string worktree = Path.Combine(root, "wt");
            Git(repo, "worktree", "add", "-q", worktree);
            Assert.IsTrue(File.Exists(Path.Combine(worktree, ".git")), "a linked worktree has a .git file");
            Assert.IsTrue(GitIgnoreCaseSetting.Read(worktree));

            Git(repo, "config", "core.ignorecase", "false");
            Assert.IsFalse(GitIgnoreCaseSetting.Read(worktree));
            Assert.IsFalse(GitIgnoreCaseSetting.Read(Path.Combine(root, "no-such-folder")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Git(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        psi.Environment["GIT_AUTHOR_NAME"] = psi.Environment["GIT_COMMITTER_NAME"] = "t";
        psi.Environment["GIT_AUTHOR_EMAIL"] = psi.Environment["GIT_COMMITTER_EMAIL"] = "t@example.com";
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.IsTrue(p.WaitForExit(60_000), "git did not finish");
        Assert.AreEqual(0, p.ExitCode, $"git {string.Join(' ', args)}: {err}");
    }
}
