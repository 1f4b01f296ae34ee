namespace DataTasks;

/// <summary>How a <see cref="DataArtifactResolver"/> finds manifests and fetches files.</summary>
public sealed record DataArtifactResolverOptions
{
    /// <summary>The environment variable that names the repository (its root folder, or its artifacts.json) when <see cref="RepositoryRoot"/> is not set.</summary>
    public const string RepositoryVariable = "DATATASKS_REPOSITORY";

    /// <summary>
    /// The repository root (the folder of artifacts.json, or the file itself): where files missing next to the app are
    /// hydrated. Defaults to <c>DATATASKS_REPOSITORY</c>. Null: the repository the app's own folder is in, found from the
    /// build's record next to the app (a relative path) or by walking up from the app's folder, so <c>dotnet run</c> and
    /// tests in the build checkout hydrate there; an app outside any repository (published and moved) writes nowhere
    /// but its own folder. Never the current directory: running an app from inside some checkout must not write to it.
    /// </summary>
    public string? RepositoryRoot { get; init; } = Environment.GetEnvironmentVariable(RepositoryVariable) is { Length: > 0 } v ? v : null;

    /// <summary>
    /// Never touch the network: a missing file comes only from the machine cache, and one that is not there is an error
    /// (DT0801). Defaults to DATATASKS_OFFLINE=1, the switch the CLI and the build also honour.
    /// </summary>
    public bool Offline { get; init; } = Core.Config.OfflineSwitch.IsOn();

    /// <summary>The machine cache folder; null uses DATATASKS_CACHE_DIR or the platform default.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The folder whose copies (made by the build) are used first; null is the app's folder.</summary>
    public string? AppDirectory { get; init; }
}
