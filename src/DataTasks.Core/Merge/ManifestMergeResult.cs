using DataTasks.Core.Manifest;

namespace DataTasks.Core.Merge;

/// <summary>What a three-way merge of artifacts.json produced.</summary>
/// <param name="Merged">The merged manifest; where a path conflicts it holds our side's entry (or none, if ours removed it).</param>
/// <param name="Conflicts">Each entry changed differently on both sides, in path order.</param>
/// <param name="TopLevelConflicts">Top-level fields other than version and entries changed differently on both sides.</param>
public sealed record ManifestMergeResult(DataManifest Merged, IReadOnlyList<MergeConflict> Conflicts, IReadOnlyList<string> TopLevelConflicts)
{
    /// <summary>True when nothing conflicted.</summary>
    public bool IsClean => Conflicts.Count == 0 && TopLevelConflicts.Count == 0;
}

/// <summary>One path changed differently on both sides of a merge.</summary>
/// <param name="Path">The entry path.</param>
/// <param name="Fields">What conflicts: <c>storage_key</c> (the content), another field's name, or a description of a remove/change conflict.</param>
/// <param name="Base">The entry in the common ancestor, or null.</param>
/// <param name="Ours">Our side's entry, or null when ours removed it.</param>
/// <param name="Theirs">Their side's entry, or null when theirs removed it.</param>
public sealed record MergeConflict(string Path, IReadOnlyList<string> Fields, ManifestEntry? Base, ManifestEntry? Ours, ManifestEntry? Theirs);
