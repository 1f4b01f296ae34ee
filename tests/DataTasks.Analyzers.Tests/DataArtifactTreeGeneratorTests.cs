using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static DataTasks.Analyzers.Tests.TestCompilation;

namespace DataTasks.Analyzers.Tests;

[TestClass]
public sealed class DataArtifactTreeGeneratorTests
{
    private static (Compilation Output, ImmutableArray<Diagnostic> Errors, GeneratorDriver Driver) Run(string source, string? rootNamespace, params ManifestFile[] manifests)
    {
        var driver = Driver(rootNamespace, manifests).RunGeneratorsAndUpdateCompilation(Create(source), out var output, out var generatorDiagnostics);
        Assert.IsEmpty(generatorDiagnostics);
        return (output, [.. output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)], driver);
    }

    [TestMethod]
    public void TheManifestBecomesATypedTree_ThatCompilesAndNamesEveryEntry()
    {
        const string source = """
            namespace MyApp;
            static class Use
            {
                public static string[] Paths() =>
                [
                    Artifacts.Data.Pesto.V1_4_1.Model_pt.Path,
                    Artifacts.Data.Models.A_onnx.Path,
                    Artifacts.Data.Models.A_onnx_2.Path,
                    Artifacts.Data.Data_.Readme_md.Path,
                ];

                public static DataTasks.DataArtifact Typed() => Artifacts.Data.Pesto.V1_4_1.Model_pt;
            }
            """;
        var manifest = new ManifestFile("/repo/artifacts.json", Manifest("data/pesto/1.4.1/model.pt", "data/models/a.onnx", "data/models/a-onnx", "data/data/readme.md"));
        var (output, errors, _) = Run(source, "MyApp", manifest);
        Assert.IsEmpty(errors, string.Join("\n", errors) + "\n" + Generated(output));

        // The generated member holds the exact manifest path.
        StringAssert.Contains(Generated(output), "Model_pt = new(\"data/pesto/1.4.1/model.pt\")");
    }

    [TestMethod]
    public void TopLevelStatementsAndOtherNamespaces_ReachTheTreeWithoutAUsing()
    {
        const string source = """
            var path = Artifacts.Data.Model_bin.Path;
            System.Console.WriteLine(path);

            namespace Elsewhere
            {
                static class Use { public static string P() => Artifacts.Data.Model_bin.Path; }
            }
            """;
        var compilation = CSharpCompilation.Create("TopLevel", [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Program.cs")],
            Create("class X {}").References, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        Driver("MyApp", new ManifestFile("/repo/artifacts.json", Manifest("data/model.bin"))).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(errors, string.Join("\n", errors));
    }

    [TestMethod]
    public void ARemovedEntry_IsACompileError()
    {
        const string source = "namespace MyApp; static class Use { public static string P() => Artifacts.Data.Old_bin.Path; }";
        var (_, before, _) = Run(source, "MyApp", new ManifestFile("/repo/artifacts.json", Manifest("data/old.bin", "data/new.bin")));
        Assert.IsEmpty(before, string.Join("\n", before));
        var (_, after, _) = Run(source, "MyApp", new ManifestFile("/repo/artifacts.json", Manifest("data/new.bin")));
        Assert.IsTrue(after.Any(d => d.Id == "CS0117"), string.Join("\n", after));
    }

    [TestMethod]
    public void NamespaceManifests_AreNotPartOfTheTree_AndNoManifestMeansNoSource()
    {
        var (output, errors, _) = Run("class C {}", null, new ManifestFile("/mono/pesto/artifacts.json", Manifest("data/w.bin"), "pesto"));
        Assert.IsEmpty(errors);
        Assert.AreEqual(1, output.SyntaxTrees.Count(), "nothing was generated for a namespace manifest");
    }

    [TestMethod]
    public void AnUnchangedManifest_GeneratesNothingAgain()
    {
        var manifest = new ManifestFile("/repo/artifacts.json", Manifest("data/a.bin", "data/b.bin"));
        var driver = Driver("MyApp", manifest);
        var compilation = Create("namespace MyApp; class C {}");
        driver = driver.RunGenerators(compilation);

        // A new compilation (an edit elsewhere) with the same manifest.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D {}")));
        var outputs = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.IsNotEmpty(outputs);
        Assert.IsTrue(outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), string.Join(", ", outputs.Select(o => o.Reason)));
    }

    [TestMethod]
    public void AChangedDescription_Regenerates_ButANewTimestampOrKeyDoesNot()
    {
        static string Entry(string description, string key, string createdAt) =>
            "{\"entries\": {\"data/a.bin\": {\"storage_key\": \"" + key + "\", \"size\": 10, \"created_at\": \"" + createdAt + "\", \"description\": \"" + description + "\"}}}";
        var (driver, texts) = DriverWithTexts("MyApp", new ManifestFile("/repo/artifacts.json", Entry("old words", "k1", "2026-01-01T00:00:00Z")));
        var first = texts.Single();
        var compilation = Create("namespace MyApp; class C {}");
        driver = driver.RunGenerators(compilation);

        // Re-pushed: a new key and timestamp, the same doc fields. Nothing the tree shows changed, so nothing is regenerated.
        var repushed = new InMemoryText("/repo/artifacts.json", Entry("old words", "k2", "2026-02-02T00:00:00Z"));
        driver = driver.ReplaceAdditionalText(first, repushed).RunGenerators(compilation);
        var reasons = OutputReasons(driver);
        Assert.IsTrue(reasons.All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), string.Join(", ", reasons));

        // Only the description changed: the tree is regenerated and shows the new words.
        driver = driver.ReplaceAdditionalText(repushed, new InMemoryText("/repo/artifacts.json", Entry("new words", "k2", "2026-02-02T00:00:00Z"))).RunGenerators(compilation);
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(driver));
        var text = driver.GetRunResult().GeneratedTrees.Single().ToString();
        StringAssert.Contains(text, "new words");
        Assert.DoesNotContain("old words", text);
    }

    private static List<IncrementalStepRunReason> OutputReasons(GeneratorDriver driver) =>
        [.. driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason)];

    [TestMethod]
    public void TenThousandEntries_GenerateATreeThatCompiles()
    {
        var paths = Enumerable.Range(0, 10_000).Select(i => $"data/set{i % 50}/v{i % 7}.{i / 350}/file-{i}.bin").Distinct().ToArray();
        var (output, errors, _) = Run("namespace Big; static class Use { public static string P() => Artifacts.Data.Set3.V3_0.File_3_bin.Path; }", "Big", new ManifestFile("/repo/artifacts.json", Manifest(paths)));
        Assert.IsEmpty(errors, string.Join("\n", errors.Take(5)));
        Assert.AreEqual(paths.Length, Generated(output).Split("global::DataTasks.DataArtifact ").Length - 1);
    }

    private static string Generated(Compilation output) =>
        string.Join("\n", output.SyntaxTrees.Where(t => t.FilePath.EndsWith("Artifacts.g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));
}
