using System.Reflection;

namespace DataTasks.Analyzers.Tests;

/// <summary>
/// The analyzer binds Resolve's arguments by position and <c>dotnet data check</c> by the names in
/// ResolveParameterNames: both break silently when the runtime's signatures drift, so these tests read the real runtime.
/// </summary>
[TestClass]
public sealed class ResolveParameterContractTests
{
    private static IEnumerable<MethodInfo> ResolveMethods() =>
        new[] { typeof(DataArtifacts), typeof(DataArtifactResolver) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name is "Resolve" or "ResolveAsync");

    [TestMethod]
    public void EveryResolveOverload_HasThePathAndNamespaceParameters_WhereTheAnalyzerAndCheckLookForThem()
    {
        // check (ResolveParameterNames) and the analyzer agree on the positions, and the runtime has its names there.
        Assert.AreEqual(ResolveParameterNames.PathPosition, DataArtifactPathAnalyzer.PathPosition);
        Assert.AreEqual(ResolveParameterNames.NamespacePosition, DataArtifactPathAnalyzer.NamespacePosition);
        var methods = ResolveMethods().ToList();
        Assert.HasCount(6, methods, "DataArtifacts: Resolve, Resolve<T>, ResolveAsync, ResolveAsync<T>; the resolver: ResolveAsync, ResolveAsync<T>");
        foreach (var method in methods)
        {
            var parameters = method.GetParameters();
            var first = parameters[DataArtifactPathAnalyzer.PathPosition];
            Assert.AreEqual(method.IsGenericMethod ? ResolveParameterNames.Template : ResolveParameterNames.Path, first.Name, method.ToString());
            Assert.AreEqual(typeof(string), first.ParameterType, method.ToString());

            var ns = parameters[DataArtifactPathAnalyzer.NamespacePosition];
            Assert.AreEqual(ResolveParameterNames.Namespace, ns.Name, method.ToString());
            Assert.AreEqual(typeof(string), ns.ParameterType, method.ToString());
        }
    }

    [TestMethod]
    public void TheNamespaceParameter_IsNoCSharpKeyword()
    {
        Assert.AreEqual(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None, Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(ResolveParameterNames.Namespace));
        Assert.AreEqual(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None, Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(ResolveParameterNames.Namespace));
    }
}
