using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>The metadata names the resolve task puts on each selected file, which the other tasks read back.</summary>
internal static class ArtifactItems
{
    /// <summary>The repository path (manifest key).</summary>
    public const string EntryPath = "DataTasksEntry";

    /// <summary>The content key, empty when added but not pushed.</summary>
    public const string StorageKey = "DataTasksKey";

    /// <summary>The size in bytes.</summary>
    public const string Size = "DataTasksSize";

    /// <summary>The repository paths of <paramref name="files"/>.</summary>
    public static List<string> EntryPaths(IEnumerable<ITaskItem> files) =>
        files.Select(f => f.GetMetadata(EntryPath)).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
