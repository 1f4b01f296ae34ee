namespace DataTasks.Tasks.Selection;

/// <summary>
/// A &lt;DataArtifact&gt; element as written in a project file (not as evaluated): what <see cref="ProjectFileReader"/>
/// recovers so a wildcard Include that MSBuild dropped on a fresh clone still selects manifest entries.
/// </summary>
/// <param name="File">The file declaring it.</param>
/// <param name="Line">Its line in <paramref name="File"/>.</param>
/// <param name="Include">The Include attribute, as written (empty for a Remove element).</param>
/// <param name="Exclude">The Exclude attribute, as written.</param>
/// <param name="Remove">The Remove attribute, as written.</param>
/// <param name="Metadata">Literal metadata: attributes and child elements.</param>
/// <param name="Conditional">True when the element or an enclosing group has a Condition, or sits under Choose.</param>
internal sealed record DeclaredArtifact(string File, int Line, string Include, string Exclude, string Remove, IReadOnlyDictionary<string, string> Metadata, bool Conditional)
{
    /// <summary>True when a value refers to properties, items or metadata, which only MSBuild's evaluation can expand.</summary>
    public static bool IsDynamic(string value) =>
        value.Contains("$(", StringComparison.Ordinal) || value.Contains("@(", StringComparison.Ordinal) || value.Contains("%(", StringComparison.Ordinal);

    /// <summary>Splits an Include/Exclude list on ';', trimming and dropping empty parts.</summary>
    public static IEnumerable<string> Split(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
