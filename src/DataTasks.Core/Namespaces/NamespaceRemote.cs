using DataTasks.Core.Remotes;

namespace DataTasks.Core.Namespaces;

/// <summary>Which remote serves a namespace: its own, else the current repository's, else the monorepo root's.</summary>
public static class NamespaceRemote
{
    /// <summary>
    /// Opens the remote for <paramref name="repository"/>: the one its own configuration names; otherwise the remote of
    /// <paramref name="current"/> (the repository the command or app runs in, with <paramref name="remoteOverride"/>);
    /// then the one configured at the monorepo root (.datatasks/config.json beside export.json), since a monorepo usually
    /// shares one content-addressed bucket. DT0201 when none is configured anywhere.
    /// </summary>
    public static DataRemote Open(ExportMap? map, DataRepository repository, DataRepository? current, string? remoteOverride)
    {
        var config = repository.LoadConfig(current is not null && current.Root == repository.Root ? remoteOverride : null);
        if (config.Remote is not null)
        {
            return RemoteFactory.Create(repository.Root, config);
        }

        if (current is not null && current.Root != repository.Root && current.LoadConfig(remoteOverride) is { Remote: not null } currentConfig)
        {
            return RemoteFactory.Create(current.Root, currentConfig);
        }

        if (map is not null && DataRepository.At(map.Root).LoadConfig() is { Remote: not null } rootConfig)
        {
            return RemoteFactory.Create(map.Root, rootConfig);
        }

        return RemoteFactory.Create(repository.Root, config);
    }
}
