using DataTasks.Core.Config;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Namespaces;

/// <summary>
/// Which remote serves a repository's objects, the one rule for the CLI, the SDK and the runtime: the repository's
/// own configuration, else the monorepo root's (the folder of the export.json above it), else DT0201.
/// </summary>
public static class NamespaceRemote
{
    /// <summary>
    /// Opens the remote for <paramref name="repository"/>: <paramref name="remoteOverride"/>, DATATASKS_REMOTE or its own
    /// .datatasks/config*.json; otherwise the one configured at the monorepo root (.datatasks/config*.json beside
    /// export.json), since a monorepo usually shares one content-addressed bucket. DT0201 when neither names one.
    /// </summary>
    /// <param name="repository">The repository whose objects are wanted: the one a command runs in, or a namespace.</param>
    /// <param name="remoteOverride">
    /// A remote the user named for this repository (--remote, $(DataTasksRemote)); null for a namespace reached through
    /// export.json, whose remote is never the one named for another repository.
    /// </param>
    /// <param name="map">The export.json <paramref name="repository"/> was found through; null to look for the nearest above it.</param>
    /// <param name="environment">Where DATATASKS_REMOTE and the remote's own variables are read; the process environment when null.</param>
    public static DataRemote Open(DataRepository repository, string? remoteOverride = null, ExportMap? map = null, EnvironmentVariables? environment = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var config = repository.LoadConfig(remoteOverride, environment);
        if (config.Remote is not null)
        {
            return RemoteFactory.Create(repository.Root, config);
        }

        // Looked up only now: a repository with its own remote never depends on an export.json it does not use.
        map ??= ExportMap.Find(repository.Root);
        if (map is null || PathsEqual(map.Root, repository.Root))
        {
            return RemoteFactory.Create(repository.Root, config);
        }

        var rootConfig = DataRepository.At(map.Root).LoadConfig(environment: environment);
        if (rootConfig.Remote is not null)
        {
            return RemoteFactory.Create(map.Root, rootConfig);
        }

        throw new DataTasksException(ErrorCodes.NoRemote,
            $"no remote configured for {repository.Root}: set \"remote\" in its {DataTasksConfig.FileName} or in the monorepo root's ({Path.Join(map.Root, DataTasksConfig.FileName)}), set {DataTasksConfig.RemoteVariable}, or pass --remote");
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
