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
        // The analyzer looks by its positions, check by ResolveParameterNames' positions and names: the runtime must
        // have those names at both.
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
            Assert.AreEqual(first.Name, parameters[ResolveParameterNames.PathPosition].Name, "check's path position: " + method);
            Assert.AreEqual(ResolveParameterNames.Namespace, parameters[ResolveParameterNames.NamespacePosition].Name, "check's namespace position: " + method);
        }
    }

    [TestMethod]
    public void TheNamespaceParameter_IsNoCSharpKeyword()
    {
        Assert.AreEqual(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None, Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(ResolveParameterNames.Namespace));
        Assert.AreEqual(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None, Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(ResolveParameterNames.Namespace));
    }
}
