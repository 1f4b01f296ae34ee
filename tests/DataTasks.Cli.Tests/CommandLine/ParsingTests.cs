using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.CommandLine;

/// <summary>
/// System.CommandLine parses every command line as the hand-written reader did: unknown options are errors that name
/// the command's help, '--' ends options, '@file' is a path, global options go before or after the command.
/// </summary>
[TestClass]
public sealed class ParsingTests
{
    [TestMethod]
    [DataRow(new[] { "status", "--bogus" }, "unknown option '--bogus' for 'status'; see 'dotnet data status --help'")]
    [DataRow(new[] { "pull", "-nx" }, "unknown option '-nx' for 'pull'; see 'dotnet data pull --help'")]
    [DataRow(new[] { "--bogus" }, "unknown option '--bogus'; see 'dotnet data --help'")]
    [DataRow(new[] { "frobnicate" }, "'frobnicate' is not a dotnet data command; see 'dotnet data --help'")]
    [DataRow(new[] { "pull", "--pattern" }, "option --pattern needs a value; see 'dotnet data pull --help'")]
    [DataRow(new[] { "-C" }, "option -C needs a value; see 'dotnet data --help'")]
    [DataRow(new[] { "init", "extra" }, "'init' takes no arguments ('extra'); see 'dotnet data init --help'")]
    [DataRow(new[] { "gc", "data" }, "'gc' takes no arguments ('data'); see 'dotnet data gc --help'")]
    [DataRow(new[] { "push", "--jobs", "0" }, "--jobs takes a whole number from 1 to 256, not '0'; see 'dotnet data push --help'")]
    [DataRow(new[] { "completion", "fish" }, "no completion script for 'fish'; dotnet data has them for bash, zsh, pwsh; see 'dotnet data completion --help'")]
    public async Task BadCommandLine_IsOneUsageLine_NamingTheRightHelp(string[] args, string message)
    {
        using var repo = await TempRepo.CreateAsync();

        var result = await repo.RunAsync(args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"error DT0001: {message}\n", result.Stderr, result.ToString());
        Assert.AreEqual("", result.Stdout, result.ToString());
    }

    [TestMethod]
    public async Task DoubleDash_EndsOptions_SoAPathMayStartWithADash()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("-odd.bin", "odd");

        var add = await repo.RunOkAsync("add", "--", "-odd.bin");

        StringAssert.Contains(add.Stdout, "-odd.bin", add.ToString());
        Assert.IsTrue(repo.Entries.ContainsKey("-odd.bin"), repo.ManifestText);
    }

    [TestMethod]
    public async Task AtSign_IsAPath_NotAResponseFile()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/@list", "data/other.bin\n");
        repo.WriteText("data/other.bin", "other");

        await repo.RunOkAsync("add", "data/@list");

        Assert.IsTrue(repo.Entries.ContainsKey("data/@list"), repo.ManifestText);
        Assert.IsFalse(repo.Entries.ContainsKey("data/other.bin"), repo.ManifestText);
    }

    [TestMethod]
    public async Task GlobalOptions_WorkBeforeAndAfterTheCommand()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/a.bin", "a");
        await repo.RunOkAsync("add", "data/a.bin");
        var sub = Path.Join(repo.Root, "data");

        var before = await repo.RunInAsync(Path.GetTempPath(), "-C", repo.Root, "-C", "data", "status", "--json");
        var after = await repo.RunInAsync(Path.GetTempPath(), "status", "-C", repo.Root, "--json", "-C", "data");

        Assert.AreEqual(0, before.ExitCode, before.ToString());
        Assert.AreEqual(before.Stdout, after.Stdout, after.ToString());
        StringAssert.Contains(before.Stdout, "data/a.bin");
        Assert.IsTrue(Directory.Exists(sub));
    }

    [TestMethod]
    public async Task OptionValue_MayBeJoinedWithEquals_AndTheLastOneWins()
    {
        using var repo = await TempRepo.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            repo.WriteText($"data/{i}.bin", $"{i}");
            await repo.RunOkAsync("add", $"data/{i}.bin");
            History.Git.CommitManifest(repo, $"{i}");
        }

        var log = await repo.RunOkAsync("log", "--oneline", "--max-count=3", "-n", "1");

        Assert.AreEqual(1, log.OutLines.Length, log.ToString());
    }

    [TestMethod]
    public async Task RemoteAfterStatus_IsStatusOwnFlag_AndBeforeItTheRemoteUrl()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText("data/a.bin", "a");
        await repo.RunOkAsync("add", "data/a.bin");
        await repo.RunOkAsync("push");
        var elsewhere = Path.Join(repo.Base, "empty-remote");
        Directory.CreateDirectory(elsewhere);

        var own = await repo.RunAsync("status", "--remote");
        var other = await repo.RunAsync("--remote", elsewhere, "status", "--remote");

        Assert.AreEqual(0, own.ExitCode, own.ToString());
        Assert.AreEqual(1, other.ExitCode, other.ToString());
        StringAssert.Contains(other.Stdout, "not on remote", other.ToString());
    }

    [TestMethod]
    public async Task Version_PrintsThreeParts()
    {
        var result = await CliRunner.RunInProcessAsync(["--version"], Path.GetTempPath());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Matches(result.Stdout, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+\n$"));
    }
}
