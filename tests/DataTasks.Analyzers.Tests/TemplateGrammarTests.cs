using static DataTasks.Analyzers.Tests.TestCompilation;

namespace DataTasks.Analyzers.Tests;

/// <summary>
/// The analyzer matches templates by the grammar Resolve expands with (PathTemplateSyntax, one linked source): a
/// template Resolve refuses fits no entry, even one whose path spells it literally.
/// </summary>
[TestClass]
public sealed class TemplateGrammarTests
{
    private static readonly string[] Entries = ["data/pesto/1.4.1/model.pt", "data/{model", "data/{}/x.bin", "data/a}b.bin", "data/{a/b}.bin", "data/v2-final.bin"];

    [TestMethod]
    [DataRow("data/{model}/{version}/model.pt", true)]
    [DataRow("data/pesto/{version}/model.pt", true)]
    [DataRow("data/v{n}-final.bin", true)]
    [DataRow("data/{n}", true)]
    [DataRow("data/a}b.bin", true)]
    [DataRow("data/{model}/model.pt", false)]
    [DataRow("data/{model", false)]
    [DataRow("data/{}/x.bin", false)]
    [DataRow("data/{a/b}.bin", false)]
    [DataRow("data/{a{b}.bin", false)]
    public void Matches_FollowsResolvesGrammar(string template, bool matches) =>
        Assert.AreEqual(matches, DataPathPattern.Matches(Entries, template, template: true));

    [TestMethod]
    public void AnInvalidTemplate_FitsNoEntry_ButAsAPlainPathItIsLiteral()
    {
        Assert.IsNull(PathTemplateSyntax.Parse("data/{model", out var problem));
        StringAssert.Contains(problem, "without a closing '}'");
        Assert.IsTrue(DataPathPattern.Matches(Entries, "data/{model", template: false), "Resolve(path) takes braces literally");
    }

    [TestMethod]
    public async Task ThroughTheAnalyzer_AnUnclosedPlaceholder_IsDT0901_EvenWhenAnEntrySpellsIt()
    {
        var manifest = new ManifestFile("/repo/artifacts.json", Manifest(Entries));
        const string source = """
            using DataTasks;
            class C
            {
                string Ok() => DataArtifacts.Resolve("data/{model}/{version}/model.pt", null, new { model = "pesto", version = "1.4.1" });
                string Literal() => DataArtifacts.Resolve("data/{model");
                string Unclosed() => DataArtifacts.Resolve("data/{model", null, new { model = "pesto" });
            }
            """;
        var diagnostics = await AnalyzeAsync(source, manifest);
        var d = diagnostics.Single();
        Assert.AreEqual("DT0901", d.Id);
        Assert.AreEqual(5, d.Location.GetLineSpan().StartLinePosition.Line, "only the template Resolve would refuse");
    }
}
