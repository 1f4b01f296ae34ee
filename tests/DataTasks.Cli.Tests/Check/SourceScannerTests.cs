using DataTasks.Cli.Check;

namespace DataTasks.Cli.Tests.Check;

/// <summary>check's syntax-only reading of Resolve calls: arguments by position, or by the runtime's parameter names.</summary>
[TestClass]
public sealed class SourceScannerTests
{
    private static List<ResolveCall> Scan(string body) =>
        [.. SourceScanner.Scan("Program.cs", "using DataTasks;\nstatic class App\n{\n    static void Main()\n    {\n" + body + "\n    }\n}\n", CancellationToken.None)];

    [TestMethod]
    public void TheNamespace_IsReadPositionallyOrByTheRuntimesParameterName_InAnyOrder()
    {
        var calls = Scan("""
                    DataArtifacts.Resolve("data/a.bin", "pesto");
                    DataArtifacts.Resolve("data/b.bin", namespaceName: "pesto");
                    DataArtifacts.Resolve(namespaceName: "pesto", path: "data/c.bin");
                    _ = DataArtifacts.ResolveAsync(namespaceName: "pesto", template: "data/{v}/d.bin", values: new { v = "1" });
                    DataArtifacts.Resolve("data/e.bin");
            """);
        Assert.HasCount(5, calls);
        CollectionAssert.AreEqual(
            new[] { "pesto:data/a.bin", "pesto:data/b.bin", "pesto:data/c.bin", "pesto:data/{v}/d.bin", ":data/e.bin" },
            calls.Select(c => $"{c.Namespace}:{c.Path}").ToArray());
        Assert.IsTrue(calls.All(c => c.NamespaceIsConstant));
        Assert.IsTrue(calls[3].IsTemplate);
    }

    [TestMethod]
    public void ANamespaceThatIsNoConstant_IsUnverified_ByNameToo()
    {
        var call = Scan("""
                    string ns = "pesto";
                    DataArtifacts.Resolve(namespaceName: ns, path: "data/a.bin");
            """).Single();
        Assert.IsFalse(call.NamespaceIsConstant);
        Assert.AreEqual("data/a.bin", call.Path);
    }
}
