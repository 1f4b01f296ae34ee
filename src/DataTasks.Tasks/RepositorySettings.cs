using DataTasks.Core;
using DataTasks.Core.Config;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;

namespace DataTasks.Tasks;

/// <summary>
/// The repository, remote and cache a task works with, from the DataTasks* properties. Properties win over the
/// environment (DATATASKS_REMOTE, DATATASKS_CACHE_DIR) and .datatasks/config*.json, which apply as in the CLI.
/// </summary>
internal static class RepositorySettings
{
    /// <summary>
    /// The repository of <paramref name="manifest"/> ($(DataTasksManifest): artifacts.json or its folder), or the nearest
    /// one above <paramref name="projectDirectory"/> when it is empty.
    /// </summary>
    public static DataRepository Open(string? manifest, string projectDirectory)
    {
        if (string.IsNullOrWhiteSpace(manifest))
        {
            return DataRepository.Discover(projectDirectory);
        }

        var full = Path.GetFullPath(Path.Combine(projectDirectory, manifest));
        if (Directory.Exists(full) && File.Exists(Path.Join(full, Core.Manifest.DataManifest.FileName)))
        {
            return DataRepository.At(full);
        }

        if (File.Exists(full) && Path.GetFileName(full) == Core.Manifest.DataManifest.FileName)
        {
            return DataRepository.At(Path.GetDirectoryName(full)!);
        }

        throw new DataTasksException(ErrorCodes.InvalidBuildSetting,
            $"DataTasksManifest '{manifest}' is not an {Core.Manifest.DataManifest.FileName} or a folder holding one ({full})");
    }

    /// <summary>How the build names the offline switch in messages.</summary>
    public const string OfflineSpelling = "DataTasksOffline is true";

    /// <summary>
    /// The machine cache: $(DataTasksCacheDir), else the configuration ladder's "cache" (the variables, the repository's
    /// files when <paramref name="repositoryRoot"/> is given, the user's file), else the per-user default: the same
    /// folder dotnet data uses.
    /// </summary>
    public static MachineCache Cache(string? cacheDirectory, string? repositoryRoot = null) =>
        MachineCacheLocation.Open(cacheDirectory, repositoryRoot: repositoryRoot);

    /// <summary>
    /// Opens the remote lazily, by the rule every front shares (<see cref="NamespaceRemote"/>): $(DataTasksRemote) wins
    /// over DATATASKS_REMOTE and the config files, then the monorepo root's. With <paramref name="offline"/>, opening it
    /// fails with DT0801 instead of touching the network.
    /// </summary>
    public static Func<DataRemote> RemoteOpener(DataRepository repository, string? remote, ExportMap? map, bool offline, string cacheDirectory)
    {
        if (offline)
        {
            return OfflineSwitch.NoRemote(OfflineSpelling, cacheDirectory);
        }

        return () => NamespaceRemote.Open(repository, string.IsNullOrWhiteSpace(remote) ? null : remote, map);
    }
}
