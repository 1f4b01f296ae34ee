using DataTasks.Core;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>A task that works on the files <see cref="ResolveDataArtifacts"/> selected (hydrate, verify, push).</summary>
public abstract class SelectedFilesTask : DataTaskBase
{
    /// <summary>The files from <see cref="ResolveDataArtifacts"/>.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>The repository root from <see cref="ResolveDataArtifacts"/>.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary>The repository at <see cref="RepositoryRoot"/>; manifest errors from here on point at its artifacts.json.</summary>
    protected DataRepository OpenRepository()
    {
        var repository = DataRepository.At(RepositoryRoot);
        ManifestPathForErrors = repository.ManifestFile;
        return repository;
    }
}
