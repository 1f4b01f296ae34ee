using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.GitWorkflow;

/// <summary>Issue 13: install's hooks hydrate after git moves the manifest, guard git push, and chain with existing hooks.</summary>
[TestClass]
public sealed class GitHookTests
{
    private static string HooksDir(TempRepo repo) => Path.Join(repo.Root, ".git", "hooks");

    [TestMethod]
    public async Task CheckingOutABranch_HydratesItsData_InASecondClone()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        await world.CommitDataAsync("data/a.bin", 2000, 1, "a");
        world.Git(repo.Root, "checkout", "-q", "-b", "feature");
        var b = await world.CommitDataAsync("data/b.bin", 3000, 2, "b");

        var clone = Path.Join(repo.Base, "clone");
        world.Git(repo.Base, "clone", "-q", repo.Root, clone);
        Assert.AreEqual(0, (await CliRunner.RunInProcessAsync(["--cache-dir", Path.Join(repo.Base, "clone-cache"), "install"], clone)).ExitCode);
        var checkout = world.TryGit(clone, "checkout", "-q", "feature");

        Assert.AreEqual(0, checkout.ExitCode, checkout.ToString());
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(clone, "data", "b.bin")), $"post-checkout hydrated the branch's file\n{checkout}");
        Assert.IsTrue(File.Exists(Path.Join(clone, "data", "a.bin")));
    }

    [TestMethod]
    public async Task PrePush_RefusesEntriesTheDataRemoteLacks_ThenPassesAfterDataPush()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        var origin = Path.Join(repo.Base, "origin.git");
        world.Git(repo.Base, "init", "-q", "--bare", origin);
        world.Git(repo.Root, "remote", "add", "origin", origin);
        repo.WriteRandom("data/a.bin", 2000, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        world.Git(repo.Root, "add", "-A");
        world.Git(repo.Root, "commit", "-q", "-m", "a, not pushed");

        var refused = world.TryGit(repo.Root, "push", "-q", "origin", "HEAD:refs/heads/main");
        Assert.AreNotEqual(0, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.Stderr, "never pushed   data/a.bin");
        StringAssert.Contains(refused.Stderr, "error DT0520");
        StringAssert.Contains(refused.Stderr, "--no-verify");
        Assert.AreNotEqual(0, world.TryGit(origin, "rev-parse", "--verify", "-q", "refs/heads/main").ExitCode, "nothing reached the git remote");

        await repo.RunOkAsync("push");
        world.Git(repo.Root, "commit", "-q", "-am", "a, pushed");
        var key = TestHash.Sha256(repo.Read("data/a.bin"));
        File.Delete(Path.Join(repo.Remote, key));
        var lacking = world.TryGit(repo.Root, "push", "-q", "origin", "HEAD:refs/heads/main");
        Assert.AreNotEqual(0, lacking.ExitCode, "a key the data remote lost is refused too");
        StringAssert.Contains(lacking.Stderr, $"not on remote  data/a.bin (key {key[..8]}");

        File.Copy(repo.PathOf("data/a.bin"), Path.Join(repo.Remote, key));
        var pushed = world.TryGit(repo.Root, "push", "-q", "origin", "HEAD:refs/heads/main");
        Assert.AreEqual(0, pushed.ExitCode, pushed.ToString());
    }

    [TestMethod]
    public async Task AnExistingHook_IsKeptAndRunFirst_AndUninstallPutsItBack()
    {
        using var repo = await TempRepo.CreateAsync(init: false);
        var world = GitWorld.For(repo);
        var marker = Path.Join(repo.Base, "mine-ran");
        var mine = $"#!/bin/sh\necho \"$@\" >> '{marker}'\n";
        Directory.CreateDirectory(HooksDir(repo));
        var hook = Path.Join(HooksDir(repo), "post-checkout");
        File.WriteAllText(hook, mine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var init = await repo.RunOkAsync("init", "--remote", repo.Remote);
        StringAssert.Contains(init.Stdout, "kept your post-checkout hook");
        world.Git(repo.Root, "add", "-A");
        world.Git(repo.Root, "commit", "-q", "-m", "init");
        var checkout = world.TryGit(repo.Root, "checkout", "-q", "-b", "other");

        Assert.AreEqual(0, checkout.ExitCode, checkout.ToString());
        Assert.IsTrue(File.Exists(marker), "the user's hook still runs");
        Assert.AreEqual(3, File.ReadAllText(marker).Trim().Split(' ').Length, "with git's three arguments");
        Assert.AreNotEqual(mine, File.ReadAllText(hook));

        var again = await repo.RunOkAsync("install");
        Assert.IsFalse(again.Stdout.Contains("kept your", StringComparison.Ordinal), "a second install updates its own hooks, nothing else");
        await repo.RunOkAsync("uninstall");
        Assert.AreEqual(mine, File.ReadAllText(hook));
        Assert.IsFalse(File.Exists(Path.Join(HooksDir(repo), "pre-push")));
        Assert.AreNotEqual(0, world.TryGit(repo.Root, "config", "--get", "merge.datatasks.driver").ExitCode);
    }

    [TestMethod]
    public async Task OnAMachineWithoutTheTool_HooksSayOneLine_AndGitGoesOn()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        world.Git(repo.Root, "add", "-A");
        world.Git(repo.Root, "commit", "-q", "-m", "init");
        world.WithoutTool = true;

        var checkout = world.TryGit(repo.Root, "checkout", "-q", "-b", "other");

        Assert.AreEqual(0, checkout.ExitCode, checkout.ToString());
        Assert.AreEqual(1, checkout.ErrLines.Length, checkout.ToString());
        StringAssert.Contains(checkout.Stderr, "'dotnet data' is not installed, so the post-checkout hook did nothing");
    }

    [TestMethod]
    public async Task HydrateOff_InConfig_MakesTheHooksQuiet()
    {
        using var repo = await TempRepo.CreateAsync();
        var world = GitWorld.For(repo);
        await world.CommitDataAsync("data/a.bin", 2000, 1, "a");
        File.WriteAllText(Path.Join(repo.Root, ".datatasks", "config.local.json"), "{\"hooks\": {\"hydrate\": false}}\n");
        File.Delete(repo.PathOf("data/a.bin"));

        var checkout = world.TryGit(repo.Root, "checkout", "-q", "-b", "other");

        Assert.AreEqual(0, checkout.ExitCode, checkout.ToString());
        Assert.IsFalse(repo.Exists("data/a.bin"), "hydration is off");
    }
}
