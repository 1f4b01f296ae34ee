using DataTasks.Cli.CommandLine;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.CommandLine;

/// <summary>Every command has its own help, reached as '&lt;cmd&gt; --help', '&lt;cmd&gt; -h' and 'help &lt;cmd&gt;'.</summary>
[TestClass]
public sealed class HelpTests
{
    public static IEnumerable<object[]> VisibleCommands =>
        CommandCatalog.Create().Commands.Where(c => !c.Hidden).Select(c => new object[] { c.Name });

    [TestMethod]
    [DynamicData(nameof(VisibleCommands))]
    public async Task CommandHelp_DescribesThatCommandAndEveryOption(string name)
    {
        var command = CommandCatalog.Create().Find(name)!;

        var help = await CliRunner.RunInProcessAsync([name, "--help"], Path.GetTempPath());

        Assert.AreEqual(0, help.ExitCode, help.ToString());
        Assert.AreEqual("", help.Stderr, help.ToString());
        Assert.IsTrue(help.Stdout.StartsWith($"usage: dotnet data {name}", StringComparison.Ordinal), help.ToString());
        foreach (var option in command.Options)
        {
            StringAssert.Contains(help.Stdout, option.Name, help.ToString());
            Assert.IsFalse(string.IsNullOrWhiteSpace(option.Description), $"{name} {option.Name} has no description");
        }

        StringAssert.Contains(help.Stdout, $"docs: {HelpWriter.DocsUrl}#{name}\n", help.ToString());
        Assert.IsFalse(help.Stdout.Contains("README.md", StringComparison.Ordinal), "help links the online docs, not repository files");
    }

    [TestMethod]
    [DynamicData(nameof(VisibleCommands))]
    public async Task HelpCommand_AndShortOption_PrintTheSameHelp(string name)
    {
        var byOption = await CliRunner.RunInProcessAsync([name, "--help"], Path.GetTempPath());
        var byShort = await CliRunner.RunInProcessAsync([name, "-h"], Path.GetTempPath());
        var byCommand = await CliRunner.RunInProcessAsync(["help", name], Path.GetTempPath());

        Assert.AreEqual(byOption.Stdout, byShort.Stdout);
        Assert.AreEqual(byOption.Stdout, byCommand.Stdout);
        Assert.AreEqual(0, byCommand.ExitCode, byCommand.ToString());
    }

    [TestMethod]
    public async Task Help_WinsOverEverythingElseOnTheLine()
    {
        // Help never runs the command: 'push --help' in a folder with no repository uploads nothing and fails nothing.
        var help = await CliRunner.RunInProcessAsync(["push", "data/a.bin", "--jobs", "4", "--help"], Path.GetTempPath());

        Assert.AreEqual(0, help.ExitCode, help.ToString());
        StringAssert.StartsWith(help.Stdout, "usage: dotnet data push", help.ToString());
    }

    [TestMethod]
    public async Task RootHelp_ListsEveryVisibleCommand_AndNoHiddenOne()
    {
        var help = await CliRunner.RunInProcessAsync(["--help"], Path.GetTempPath());
        var bare = await CliRunner.RunInProcessAsync(["help"], Path.GetTempPath());

        Assert.AreEqual(0, help.ExitCode, help.ToString());
        Assert.AreEqual(help.Stdout, bare.Stdout);
        foreach (var command in CommandCatalog.Create().Commands)
        {
            var listed = help.OutLines.Any(l => l.StartsWith($"  {command.Name} ", StringComparison.Ordinal));
            Assert.AreEqual(!command.Hidden, listed, $"{command.Name}: hidden {command.Hidden}\n{help.Stdout}");
        }

        StringAssert.Contains(help.Stdout, $"docs: {HelpWriter.DocsUrl}\n");
    }

    [TestMethod]
    public async Task NoCommand_PrintsTheUsageToStandardError_AndExitsTwo()
    {
        var result = await CliRunner.RunInProcessAsync([], Path.GetTempPath());

        Assert.AreEqual(2, result.ExitCode);
        Assert.AreEqual("", result.Stdout);
        StringAssert.StartsWith(result.Stderr, "usage: dotnet data");
    }

    [TestMethod]
    [DataRow("frobnicate")]
    [DataRow("hook")]
    [DataRow("__complete")]
    public async Task HelpForWhatIsNoCommand_IsAUsageError(string name)
    {
        var result = await CliRunner.RunInProcessAsync(["help", name], Path.GetTempPath());

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"error DT0001: '{name}' is not a dotnet data command; see 'dotnet data --help'\n", result.Stderr);
    }

    [TestMethod]
    public async Task CommandHelp_ListsOnlyTheGlobalOptionsTheCommandDoesNotShadow()
    {
        var status = await CliRunner.RunInProcessAsync(["status", "--help"], Path.GetTempPath());
        var log = await CliRunner.RunInProcessAsync(["log", "--help"], Path.GetTempPath());

        var statusGlobal = status.OutLines.SkipWhile(l => !l.StartsWith("global options:", StringComparison.Ordinal)).First();
        var logGlobal = log.OutLines.SkipWhile(l => !l.StartsWith("global options:", StringComparison.Ordinal)).First();
        Assert.IsFalse(statusGlobal.Contains("--remote", StringComparison.Ordinal), statusGlobal);
        StringAssert.Contains(logGlobal, "--remote <url>");
    }

    [TestMethod]
    public void DocsUrl_IsUnderTheRepositoryUrlOfTheBuild()
    {
        var props = File.ReadAllText(Path.Join(DataTasks.TestSupport.SolutionRoot.Find(), "Directory.Build.props"));
        var url = System.Text.RegularExpressions.Regex.Match(props, "<RepositoryUrl>([^<]+)</RepositoryUrl>").Groups[1].Value;

        Assert.IsTrue(url.Length > 0, "Directory.Build.props has no RepositoryUrl");
        StringAssert.StartsWith(HelpWriter.DocsUrl, url + "/blob/main/docs/");
        StringAssert.StartsWith(HelpWriter.ErrorsUrl, url + "/blob/main/docs/");
    }
}
