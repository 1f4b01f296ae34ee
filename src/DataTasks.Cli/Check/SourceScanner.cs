using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DataTasks.Cli.Check;

/// <summary>
/// Finds resolver calls in C# sources with Roslyn's syntax trees (no compilation, so it works on any checkout without a
/// restore): <c>DataArtifacts.Resolve(...)</c> and <c>DataArtifacts.ResolveAsync(...)</c>, however qualified. A path is
/// constant when it is a string literal, a concatenation of literals or an interpolated string without holes.
/// </summary>
internal static class SourceScanner
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest, DocumentationMode.None);

    public static IEnumerable<ResolveCall> Scan(string file, string text, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(text, Options, file, cancellationToken: cancellationToken);
        foreach (var invocation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Resolve" or "ResolveAsync" } access ||
                RightmostName(access.Expression) != "DataArtifacts" ||
                invocation.ArgumentList.Arguments.Count == 0)
            {
                continue;
            }

            var arguments = invocation.ArgumentList.Arguments;
            // Syntax only, so a named argument is matched by the runtime's parameter names (one home, linked from the
            // runtime and checked against it by ResolveParameterContractTests), a positional one by its position.
            var pathArgument = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText is ResolveParameterNames.Path or ResolveParameterNames.Template)
                ?? arguments.FirstOrDefault(a => a.NameColon is null);
            if (pathArgument is null)
            {
                continue;
            }

            var namespaceArgument = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == ResolveParameterNames.Namespace)
                ?? (arguments.IndexOf(pathArgument) == ResolveParameterNames.PathPosition && arguments.Count > ResolveParameterNames.NamespacePosition && arguments[ResolveParameterNames.NamespacePosition].NameColon is null
                    ? arguments[ResolveParameterNames.NamespacePosition]
                    : null);
            string? ns = null;
            var nsConstant = true;
            if (namespaceArgument is not null && !namespaceArgument.Expression.IsKind(SyntaxKind.NullLiteralExpression))
            {
                ns = Constant(namespaceArgument.Expression);
                nsConstant = ns is not null;
            }

            var position = pathArgument.Expression.GetLocation().GetLineSpan().StartLinePosition;
            yield return new ResolveCall(file, position.Line + 1, position.Character + 1, Constant(pathArgument.Expression), ns, nsConstant);
        }
    }

    private static string? RightmostName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };

    private static string? Constant(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) =>
            Constant(binary.Left) is { } left && Constant(binary.Right) is { } right ? left + right : null,
        InterpolatedStringExpressionSyntax interpolated when interpolated.Contents.All(c => c is InterpolatedStringTextSyntax) =>
            string.Concat(interpolated.Contents.Cast<InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText)),
        ParenthesizedExpressionSyntax parenthesized => Constant(parenthesized.Expression),
        _ => null,
    };
}
