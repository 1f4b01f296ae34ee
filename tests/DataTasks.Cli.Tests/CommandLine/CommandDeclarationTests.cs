using System.Text.RegularExpressions;
using DataTasks.Cli.CommandLine;

namespace DataTasks.Cli.Tests.CommandLine;

/// <summary>The command declarations and the commands' code agree, so help and parsing never drift from behaviour.</summary>
[TestClass]
public sealed partial class CommandDeclarationTests
{
    /// <summary>The commands each file of src/DataTasks.Cli/Commands runs.</summary>
    private static readonly Dictionary<string, string[]> CommandsOfFile = new(StringComparer.Ordinal)
    {
        ["AddCommand.cs"] = ["add"],
        ["AnnotateCommand.cs"] = ["annotate"],
        ["DescribeCommand.cs"] = ["describe"],
        ["FindCommand.cs"] = ["find"],
        ["LineageCommand.cs"] = ["lineage"],
        ["CheckCommand.cs"] = ["check"],
        ["CheckoutCommand.cs"] = ["checkout"],
        ["ConfigCommand.cs"] = ["config"],
        ["DiffCommand.cs"] = ["diff"],
        ["FetchCommand.cs"] = ["fetch"],
        ["GcCommand.cs"] = ["gc"],
        ["HookCommand.cs"] = ["hook"],
        ["InitCommand.cs"] = ["init"],
        ["InstallCommand.cs"] = ["install", "uninstall"],
        ["LogCommand.cs"] = ["log"],
        ["MergeDriverCommand.cs"] = ["merge-driver"],
        ["PullCommand.cs"] = ["pull"],
        ["PushCommand.cs"] = ["push"],
        ["RemoveCommand.cs"] = ["rm"],
        ["RemoteVerifyCommand.cs"] = ["verify"],
        ["RunCommand.cs"] = ["run"],
        ["SnapshotCommand.cs"] = ["snapshot"],
        ["StatusCommand.cs"] = ["status"],
        ["TreeCommand.cs"] = ["tree"],
        ["UnprotectCommand.cs"] = ["unprotect"],
        ["VerifyCommand.cs"] = ["verify"],
    };

    private static string CommandsFolder => Path.Join(DataTasks.TestSupport.SolutionRoot.Find(), "src", "DataTasks.Cli", "Commands");

    [TestMethod]
    public void EveryOptionACommandReads_IsDeclaredForIt()
    {
        var catalog = CommandCatalog.Create();
        var problems = new List<string>();
        foreach (var (file, names) in CommandsOfFile)
        {
            var source = File.ReadAllText(Path.Join(CommandsFolder, file));
            foreach (Match read in ReadOption().Matches(source))
            {
                var option = read.Groups["name"].Value;
                if (!names.Any(n => catalog.Find(n)?.FindOption(option) is not null))
                {
                    problems.Add($"{file} reads {option}, which none of {string.Join(", ", names)} declares");
                }
            }
        }

        Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
    }

    [TestMethod]
    public void EveryCommandFile_IsMapped_AndEveryCommandHasAHandlerOrIsTheCommandLineOwn()
    {
        var files = Directory.GetFiles(CommandsFolder, "*Command.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEquivalent(files, CommandsOfFile.Keys.ToList());
        foreach (var command in CommandCatalog.Create().Commands)
        {
            var own = command.Name is "help" or "completion" or ShellCompletion.CommandName;
            Assert.AreEqual(!own, command.Handler is not null, command.Name);
        }
    }

    /// <summary>Every "see 'dotnet data X --help'" in the tool's messages names a command that has that help.</summary>
    [TestMethod]
    public void EveryHelpAnErrorPointsAt_Exists()
    {
        var catalog = CommandCatalog.Create();
        var source = Path.Join(DataTasks.TestSupport.SolutionRoot.Find(), "src", "DataTasks.Cli");
        var problems = new List<string>();
        var pointers = 0;
        foreach (var file in Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match pointer in HelpPointer().Matches(File.ReadAllText(file)))
            {
                pointers++;
                var name = pointer.Groups["command"].Value;
                if (!name.StartsWith('{') && catalog.Find(name) is null or { Hidden: true })
                {
                    problems.Add($"{Path.GetFileName(file)}: '{pointer.Value}' names no command");
                }
            }
        }

        Assert.IsTrue(pointers > 3, $"found only {pointers} help pointers: the pattern no longer matches the messages");
        Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
    }

    [TestMethod]
    public void EveryReportingCommand_DeclaresJson()
    {
        string[] reporting = ["merge-driver", "init", "add", "rm", "status", "push", "pull", "verify", "tree", "check", "diff", "log", "gc", "checkout", "fetch", "install", "uninstall", "annotate", "describe", "find", "snapshot", "run", "lineage"];
        var catalog = CommandCatalog.Create();

        foreach (var name in reporting)
        {
            Assert.IsNotNull(catalog.Find(name)!.FindOption("--json"), $"{name} has no --json");
        }
    }

    [GeneratedRegex("""args\.(?:Flag|Option|Options|IntOption)\((?:[^"()]*,\s*)?"(?<name>-[^"]+)"(?:,\s*"-[^"]+")*\)""")]
    private static partial Regex ReadOption();

    [GeneratedRegex("""dotnet data (?<command>\{[^}]+\}|[a-z-]+) --help""")]
    private static partial Regex HelpPointer();
}
