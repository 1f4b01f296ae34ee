namespace DataTasks;

/// <summary>
/// The parameter names of <c>DataArtifacts.Resolve</c>/<c>ResolveAsync</c> and <c>DataArtifactResolver.ResolveAsync</c>,
/// for code that reads calls without binding them: <c>dotnet data check</c> parses syntax only, so a named argument
/// (<c>namespaceName: "pesto"</c>) is all it has. One home, linked as source into the CLI and the analyzer tests; the
/// tests reflect over this assembly, so renaming a parameter without this file fails them instead of silently turning
/// the checks off.
/// </summary>
internal static class ResolveParameterNames
{
    /// <summary>The manifest path of the non-generic overloads (position 0).</summary>
    public const string Path = "path";

    /// <summary>The {placeholder} template of the generic overloads (position 0).</summary>
    public const string Template = "template";

    /// <summary>The export.json namespace, null for this repository (position 1 of every overload).</summary>
    public const string Namespace = "namespaceName";

    /// <summary>Position of <see cref="Path"/> or <see cref="Template"/>.</summary>
    public const int PathPosition = 0;

    /// <summary>Position of <see cref="Namespace"/>.</summary>
    public const int NamespacePosition = 1;
}
