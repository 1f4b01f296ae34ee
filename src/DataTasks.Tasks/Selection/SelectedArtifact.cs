namespace DataTasks.Tasks.Selection;

/// <summary>A manifest entry a project selected, with where its file lives and where its copy goes.</summary>
/// <param name="EntryPath">The repository path (manifest key).</param>
/// <param name="StorageKey">Its content key, or null when added but not pushed.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="FullPath">The file in the working tree.</param>
/// <param name="TargetPath">Where the copy goes, relative to the output (and publish) folder.</param>
/// <param name="Metadata">The requesting item's metadata, defaults applied.</param>
internal sealed record SelectedArtifact(string EntryPath, string? StorageKey, long Size, string FullPath, string TargetPath, IReadOnlyDictionary<string, string> Metadata);
