using DataTasks.Core.Patterns;

namespace DataTasks.Tasks.Selection;

/// <summary>
/// One thing a project asks for: an exact path, a folder, or a glob, relative to the project folder like every
/// MSBuild item, with the item's metadata and where it was written (for diagnostics).
/// </summary>
/// <param name="Spec">The path or glob, relative to the project folder (or absolute).</param>
/// <param name="Excludes">Exclude patterns, relative to the project folder.</param>
/// <param name="Metadata">The item's metadata (CopyToOutputDirectory, Link, TargetPath, Pack, PackagePath, Visible, custom).</param>
/// <param name="File">The file that declares it.</param>
/// <param name="Line">Its line in <paramref name="File"/>, or 0 when unknown.</param>
internal sealed record ArtifactRequest(string Spec, IReadOnlyList<string> Excludes, IReadOnlyDictionary<string, string> Metadata, string File, int Line)
{
    /// <summary>True for a glob (MSBuild wildcards in <see cref="Spec"/>).</summary>
    public bool IsGlob => EntryGlob.HasWildcard(Spec);
}
