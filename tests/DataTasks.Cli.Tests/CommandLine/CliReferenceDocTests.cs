using System.Text;
using DataTasks.Cli.CommandLine;

namespace DataTasks.Cli.Tests.CommandLine;

/// <summary>
/// docs/cli.md, which every help footer links, is the help itself: one section a command, each holding that command's
/// help text. Run with DATATASKS_WRITE_DOCS=1 to rewrite the file after changing a declaration.
/// </summary>
[TestClass]
public sealed class CliReferenceDocTests
{
    private static string DocPath => Path.Join(DataTasks.TestSupport.SolutionRoot.Find(), "docs", "cli.md");

    [TestMethod]
    public void CliReference_IsTheHelpOfEveryCommand()
    {
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("DATATASKS_WRITE_DOCS") == "1")
        {
            File.WriteAllText(DocPath, expected, new UTF8Encoding(false));
        }

        var actual = File.Exists(DocPath) ? File.ReadAllText(DocPath).ReplaceLineEndings("\n") : "";
        Assert.AreEqual(expected, actual, "docs/cli.md is out of date: run 'DATATASKS_WRITE_DOCS=1 dotnet test tests/DataTasks.Cli.Tests --filter CliReferenceDocTests' and commit the file");
    }

    [TestMethod]
    public void CliReference_HasTheSectionEachHelpFooterLinks()
    {
        var doc = File.ReadAllText(DocPath);
        foreach (var command in CommandCatalog.Create().Commands.Where(c => !c.Hidden))
        {
            // GitHub's anchor for "## merge-driver" is #merge-driver: a heading of exactly the command's name.
            StringAssert.Contains(doc, $"\n## {command.Name}\n", $"no section for {command.Name}");
        }
    }

    private static string Generate()
    {
        var catalog = CommandCatalog.Create();
        var help = new HelpWriter(catalog, 100);
        var doc = new StringBuilder();
        doc.Append("# dotnet data: command-line reference\n\n");
        doc.Append("This page is the tool's own help (`dotnet data help <command>` prints the same text), one section a command.\n");
        doc.Append("Every error is one line `error DTnnnn: ...`; the codes are in [errors.md](errors.md). JSON output, field by field:\n");
        doc.Append("[cli-json.md](cli-json.md). Tab completion: [completion](#completion).\n\n");
        doc.Append("```text\n").Append(help.Root()).Append("```\n");
        foreach (var command in catalog.Commands.Where(c => !c.Hidden))
        {
            doc.Append("\n## ").Append(command.Name).Append("\n\n```text\n").Append(help.Command(command)).Append("```\n");
        }

        return doc.ToString();
    }
}
