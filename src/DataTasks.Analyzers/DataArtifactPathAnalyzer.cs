using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DataTasks.Analyzers;

/// <summary>
/// Checks the paths given to <c>DataArtifacts.Resolve</c>/<c>ResolveAsync</c> and <c>DataArtifactResolver.ResolveAsync</c>
/// against the manifests the compilation sees: a constant path in no manifest is DT0901 (a warning at the argument),
/// a path or namespace that is not a constant is DT0902 (info: it cannot be checked). Templates are checked with each
/// {placeholder} matching one path segment.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataArtifactPathAnalyzer : DiagnosticAnalyzer
{
    /// <summary>DT0901: a constant path that no manifest has.</summary>
    public static readonly DiagnosticDescriptor Dangling = new(
        "DT0901",
        "Data path is in no manifest",
        "'{0}' is not an entry of {1}",
        "DataTasks",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The path passed to Resolve is not in artifacts.json, so it would throw DataArtifactNotFoundException at run time. Add the file with 'dotnet data add', or fix the path.",
        helpLinkUri: "https://github.com/datatasks/datatasks/blob/main/docs/errors.md");

    /// <summary>DT0902: a path (or namespace) that is not a constant, so it cannot be checked.</summary>
    public static readonly DiagnosticDescriptor Unverified = new(
        "DT0902",
        "Data path cannot be checked at compile time",
        "The {0} passed to {1} is not a constant, so it cannot be checked against artifacts.json",
        "DataTasks",
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: "https://github.com/datatasks/datatasks/blob/main/docs/errors.md");

    /// <summary>Where every Resolve overload takes the path or template.</summary>
    internal const int PathPosition = 0;

    /// <summary>Where every Resolve overload takes the export.json namespace.</summary>
    internal const int NamespacePosition = 1;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Dangling, Unverified];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // GetTypesByMetadataName, not GetTypeByMetadataName: the latter answers null when two references define the
            // type, which would silently switch the checks off.
            var resolverTypes = start.Compilation.GetTypesByMetadataName("DataTasks.DataArtifacts")
                .AddRange(start.Compilation.GetTypesByMetadataName("DataTasks.DataArtifactResolver"));
            if (resolverTypes.IsEmpty)
            {
                return;
            }

            var manifests = ManifestSet.Load(start.Options.AdditionalFiles, start.Options.AnalyzerConfigOptionsProvider, start.CancellationToken);
            if (manifests.IsEmpty)
            {
                return;
            }

            start.RegisterOperationAction(
                operation => Analyze((IInvocationOperation)operation.Operation, resolverTypes, manifests, operation.ReportDiagnostic),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(IInvocationOperation invocation, ImmutableArray<INamedTypeSymbol> resolverTypes, ManifestSet manifests, System.Action<Diagnostic> report)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Resolve" or "ResolveAsync") ||
            !resolverTypes.Contains(method.ContainingType, SymbolEqualityComparer.Default))
        {
            return;
        }

        var pathArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == PathPosition);
        if (pathArgument is null)
        {
            return;
        }

        var callName = $"{method.ContainingType.Name}.{method.Name}";
        // Bound by position, never by name: every overload takes the path (or, generic, the template) first and the
        // namespace second, so renaming a parameter cannot switch the check off (ResolveParameterContractTests).
        var template = method.IsGenericMethod;
        string? ns = null;
        var namespaceArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == NamespacePosition);
        if (namespaceArgument is not null && !namespaceArgument.IsImplicit)
        {
            var value = namespaceArgument.Value.ConstantValue;
            if (!value.HasValue)
            {
                report(Diagnostic.Create(Unverified, namespaceArgument.Value.Syntax.GetLocation(), "namespace", callName));
                return;
            }

            ns = value.Value as string;
        }

        var constant = pathArgument.Value.ConstantValue;
        if (!constant.HasValue || constant.Value is not string path)
        {
            report(Diagnostic.Create(Unverified, pathArgument.Value.Syntax.GetLocation(), template ? "template" : "path", callName));
            return;
        }

        // A namespace whose manifest the compilation cannot see is not checked: no false alarms.
        if (!manifests.TryGet(ns, out var file, out var paths))
        {
            return;
        }

        if (!DataPathPattern.Matches(paths, path.Replace('\\', '/'), template))
        {
            report(Diagnostic.Create(Dangling, pathArgument.Value.Syntax.GetLocation(), path, ns is null ? file : $"{file} (namespace {ns})"));
        }
    }
}
