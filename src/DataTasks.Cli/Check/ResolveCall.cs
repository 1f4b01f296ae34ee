namespace DataTasks.Cli.Check;

/// <summary>One call to <c>DataArtifacts.Resolve</c>/<c>ResolveAsync</c> found in a source file.</summary>
/// <param name="File">The source file.</param>
/// <param name="Line">1-based line of the path argument.</param>
/// <param name="Column">1-based column of the path argument.</param>
/// <param name="Path">The constant path or template, or null when the argument is not a constant.</param>
/// <param name="Namespace">The constant export.json namespace, or null for the file's own repository.</param>
/// <param name="NamespaceIsConstant">False when a namespace argument is given but is not a constant.</param>
internal sealed record ResolveCall(string File, int Line, int Column, string? Path, string? Namespace, bool NamespaceIsConstant)
{
    /// <summary>A path with {placeholders}: each matches one path segment.</summary>
    public bool IsTemplate => Path is not null && Path.Contains('{', StringComparison.Ordinal) && Path.Contains('}', StringComparison.Ordinal);
}
