using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.OneHome;

/// <summary>
/// check matches templates by Resolve's grammar (PathTemplateSyntax), through the analyzer's matching source linked
/// into the tool rather than the analyzer assembly referenced whole.
/// </summary>
[TestClass]
public sealed class CheckTemplateGrammarTests
{
    [TestMethod]
    public async Task AnUnclosedPlaceholder_IsDangling_ButAPlaceholderInsideASegmentMatches()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/v2-final.bin", 100, 1);
        await repo.RunOkAsync("add", "data");
        repo.WriteText("src/App/Program.cs", """
            using DataTasks;
            static class App
            {
                static void Main()
                {
                    DataArtifacts.Resolve("data/v{n}-final.bin", null, new { n = 2 });
                    DataArtifacts.Resolve("data/v{n-final.bin", null, new { n = 2 });
                }
            }
            """);

        var check = await repo.RunAsync("check");

        Assert.AreEqual(1, check.ExitCode, check.ToString());
        var dangling = check.OutLines.Where(l => l.StartsWith("dangling", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, dangling, check.ToString());
        StringAssert.Contains(dangling[0], "data/v{n-final.bin", check.ToString());
    }

    [TestMethod]
    public void TheTool_DoesNotReferenceTheAnalyzerAssembly()
    {
        var references = typeof(CliApp).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        CollectionAssert.DoesNotContain(references, "DataTasks.Analyzers");
    }
}
