using Microsoft.CodeAnalysis;
using static DataTasks.Analyzers.Tests.TestCompilation;

namespace DataTasks.Analyzers.Tests;

[TestClass]
public sealed class DataArtifactPathAnalyzerTests
{
    private static readonly ManifestFile Own = new("/repo/artifacts.json", Manifest("data/models/a.onnx", "data/pesto/1.4.1/model.pt"));

    private static readonly ManifestFile Pesto = new("/mono/models/pesto/artifacts.json", Manifest("data/weights.bin"), "pesto");

    private const string Usings = "using DataTasks;\nusing System.Threading.Tasks;\n";

    [TestMethod]
    public async Task AConstantPathInNoManifest_IsDT0901_AtTheExactArgument()
    {
        const string source = Usings + """
            class C
            {
                string A() => DataArtifacts.Resolve("data/models/a.onnx");
                string B() => DataArtifacts.Resolve("data/models/b.onnx");
            }
            """;
        var diagnostics = await AnalyzeAsync(source, Own);
        var d = diagnostics.Single();
        Assert.AreEqual("DT0901", d.Id);
        Assert.AreEqual(DiagnosticSeverity.Warning, d.Severity);
        var span = d.Location.GetLineSpan();
        Assert.AreEqual(5, span.StartLinePosition.Line, "line of B's argument (0-based)");
        Assert.AreEqual(source.Split('\n')[5].IndexOf("\"data/models/b.onnx\"", StringComparison.Ordinal), span.StartLinePosition.Character);
        Assert.AreEqual("\"data/models/b.onnx\"".Length, d.Location.SourceSpan.Length);
        StringAssert.Contains(d.GetMessage(), "'data/models/b.onnx' is not an entry of /repo/artifacts.json");
    }

    [TestMethod]
    public async Task EveryResolveForm_IsChecked_ConstantsThroughConstFieldsToo()
    {
        const string source = Usings + """
            class C
            {
                const string Dir = "data/models/";
                async Task M(DataArtifactResolver r)
                {
                    await DataArtifacts.ResolveAsync(Dir + "a.onnx");
                    await DataArtifacts.ResolveAsync(Dir + "gone.onnx");
                    await r.ResolveAsync("data/models/gone2.onnx");
                    DataArtifacts.Resolve("data/{model}/{version}/model.pt", null, new { model = "pesto", version = "1.4.1" });
                    DataArtifacts.Resolve("data/{model}/{version}/weights.pt", null, new { model = "pesto", version = "1.4.1" });
                }
            }
            """;
        var ids = (await AnalyzeAsync(source, Own)).Select(d => (d.Id, d.GetMessage())).ToList();
        Assert.HasCount(3, ids, string.Join("\n", ids));
        Assert.IsTrue(ids.All(i => i.Id == "DT0901"), string.Join("\n", ids));
        Assert.IsTrue(ids.Any(i => i.Item2.Contains("data/models/gone.onnx", StringComparison.Ordinal)));
        Assert.IsTrue(ids.Any(i => i.Item2.Contains("data/models/gone2.onnx", StringComparison.Ordinal)));
        Assert.IsTrue(ids.Any(i => i.Item2.Contains("weights.pt", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task ANonConstantPathOrNamespace_IsDT0902Info()
    {
        const string source = Usings + """
            class C
            {
                string A(string p) => DataArtifacts.Resolve(p);
                string B(string ns) => DataArtifacts.Resolve("data/weights.bin", ns);
            }
            """;
        var diagnostics = await AnalyzeAsync(source, Own, Pesto);
        Assert.HasCount(2, diagnostics);
        Assert.IsTrue(diagnostics.All(d => d.Id == "DT0902" && d.Severity == DiagnosticSeverity.Info));
        StringAssert.Contains(diagnostics.Single(d => d.Location.GetLineSpan().StartLinePosition.Line == 5).GetMessage(), "namespace");
    }

    [TestMethod]
    public async Task Extern_IsCheckedAgainstThatNamespacesManifest_AndAnUnseenNamespaceIsNotChecked()
    {
        const string source = Usings + """
            class C
            {
                string A() => DataArtifacts.Resolve("data/weights.bin", namespaceName: "pesto");
                string B() => DataArtifacts.Resolve("data/models/a.onnx", namespaceName: "pesto");
                string D() => DataArtifacts.Resolve("data/anything.bin", namespaceName: "carbonara");
            }
            """;
        var d = (await AnalyzeAsync(source, Own, Pesto)).Single();
        Assert.AreEqual("DT0901", d.Id);
        StringAssert.Contains(d.GetMessage(), "(namespace pesto)");
        Assert.AreEqual(5, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [TestMethod]
    public async Task TheNamespace_IsFoundByItsParameter_NamedAndOutOfOrderToo()
    {
        const string source = Usings + """
            class C
            {
                string A() => DataArtifacts.Resolve(namespaceName: "pesto", path: "data/weights.bin");
                string B() => DataArtifacts.Resolve(namespaceName: "pesto", path: "data/models/a.onnx");
                async Task<string> D(DataArtifactResolver r) => await r.ResolveAsync(namespaceName: "pesto", path: "data/gone.bin");
            }
            """;
        var messages = (await AnalyzeAsync(source, Own, Pesto)).Select(d => $"{d.Id} {d.GetMessage()}").Order(StringComparer.Ordinal).ToList();
        Assert.HasCount(2, messages, string.Join("\n", messages));
        StringAssert.Contains(messages[0], "DT0901 'data/gone.bin' is not an entry of /mono/models/pesto/artifacts.json (namespace pesto)");
        StringAssert.Contains(messages[1], "DT0901 'data/models/a.onnx' is not an entry of /mono/models/pesto/artifacts.json (namespace pesto)");
    }

    [TestMethod]
    public async Task WithoutAnyManifest_NothingIsReported()
    {
        const string source = Usings + "class C { string A() => DataArtifacts.Resolve(\"data/x.bin\"); }";
        Assert.IsEmpty(await AnalyzeAsync(source));
    }
}
