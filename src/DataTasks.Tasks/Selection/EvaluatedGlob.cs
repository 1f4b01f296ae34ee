namespace DataTasks.Tasks.Selection;

/// <summary>A DataArtifact glob as MSBuild evaluated it: properties expanded, its conditions held.</summary>
/// <param name="File">The file declaring the item element.</param>
/// <param name="Line">Its line.</param>
/// <param name="Includes">The Include's wildcard parts, properties expanded, relative to the project folder (or absolute).</param>
/// <param name="Excludes">Its Exclude parts and the Remove parts that apply to it.</param>
/// <param name="Metadata">The element's metadata, properties expanded, over the DataArtifact item definition.</param>
internal sealed record EvaluatedGlob(string File, int Line, IReadOnlyList<string> Includes, IReadOnlyList<string> Excludes, IReadOnlyDictionary<string, string> Metadata);
