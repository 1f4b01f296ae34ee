using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>A task that works on the files <see cref="ResolveDataArtifacts"/> selected (hydrate, verify, push).</summary>
public abstract class SelectedFilesTask : DataTaskBase
{
    /// <summary>The files from <see cref="ResolveDataArtifacts"/>.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>The project's own repository root from <see cref="ResolveDataArtifacts"/> (empty when it has none).</summary>
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary>The project's own repository, when it has one; manifest errors point at its artifacts.json.</summary>
    protected DataRepository? OpenOwnRepository()
    {
        if (string.IsNullOrEmpty(RepositoryRoot))
        {
            return null;
        }

        var repository = DataRepository.At(RepositoryRoot);
        ManifestPathForErrors = repository.ManifestFile;
        return repository;
    }

    /// <summary>
    /// <see cref="Files"/> grouped by repository, the project's own first, then each namespace in name order. Entry paths
    /// are the files' paths under their repository root; a file outside it is DT0603 (the items were edited by hand).
    /// </summary>
    private protected IReadOnlyList<SelectedRepository> Repositories(DataRepository? own)
    {
        var result = new List<SelectedRepository>();
        ExportMap? map = null;
        foreach (var group in Files.GroupBy(ArtifactItems.ExternOf).OrderBy(g => g.Key is null ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            DataRepository repository;
            if (group.Key is null)
            {
                repository = own ?? throw new DataTasksException(ErrorCodes.InvalidBuildSetting,
                    $"{ArtifactItems.FullPathOf(group.First())} belongs to no repository: RepositoryRoot is empty; run DataTasksResolve first");
            }
            else
            {
                map ??= ExportMap.FindRequired(Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!);
                repository = map.Open(group.Key);
            }

            var paths = new List<string>();
            foreach (var item in group)
            {
                var full = ArtifactItems.FullPathOf(item);
                paths.Add(EntryPath.FromFullPath(repository.Root, full) ?? throw new DataTasksException(ErrorCodes.InvalidBuildSetting,
                    $"{full} is not inside the repository at {repository.Root}{(group.Key is null ? string.Empty : $" (namespace {group.Key})")}; DataTasksFile items come from DataTasksResolve"));
            }

            result.Add(new SelectedRepository(repository, group.Key, group.Key is null ? null : map, paths.Distinct(StringComparer.Ordinal).ToList()));
        }

        return result;
    }
}
