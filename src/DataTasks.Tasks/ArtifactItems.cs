using DataTasks.Tasks.Selection;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>
/// How the tasks read @(DataTasksFile) back. An item is the file in the working tree (full path), with its copy
/// metadata; <c>Extern</c> names the export.json namespace of a namespace's file. Nothing else is needed: the entry
/// path is the file's path under its repository root, and the key and size come from that repository's manifest,
/// which is what lets the selection cache store a path per file and nothing more.
/// </summary>
internal static class ArtifactItems
{
    /// <summary>The namespace of <paramref name="item"/>, or null for the project's own repository.</summary>
    public static string? ExternOf(ITaskItem item) => item.GetMetadata(ArtifactSelection.ExternMetadata) is { Length: > 0 } n ? n.Trim() : null;

    /// <summary>The full path of <paramref name="item"/>'s file.</summary>
    public static string FullPathOf(ITaskItem item) => Path.GetFullPath(item.ItemSpec);
}
