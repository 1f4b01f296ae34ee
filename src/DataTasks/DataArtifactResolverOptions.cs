namespace DataTasks;

/// <summary>How a <see cref="DataArtifactResolver"/> finds manifests and fetches files.</summary>
public sealed record DataArtifactResolverOptions
{
    /// <summary>
    /// The repository root (the folder of artifacts.json). Null: the manifest the app was built against (recorded by
    /// DataTasks.Sdk next to the app), else the nearest artifacts.json above the current directory, else above the app.
    /// </summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Never touch the network: a missing file is an error (DT0801). Also set by DATATASKS_OFFLINE=1.</summary>
    public bool Offline { get; init; } = DataArtifactResolver.OfflineFromEnvironment();

    /// <summary>The machine cache folder; null uses DATATASKS_CACHE_DIR or the platform default.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The folder whose copies (made by the build) are used first; null is the app's folder.</summary>
    public string? AppDirectory { get; init; }
}
