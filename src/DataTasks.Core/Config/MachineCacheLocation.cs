namespace DataTasks.Core.Config;

/// <summary>Where the machine-wide content cache lives, shared by every clone on the machine.</summary>
public static class MachineCacheLocation
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string Variable = "DATATASKS_CACHE_DIR";

    /// <summary>
    /// The override when given; otherwise the <c>"cache"</c> key of the configuration ladder (<c>DATATASKS_CACHE</c>
    /// or <c>DATATASKS_CACHE_DIR</c>, then the repository's files when <paramref name="repositoryRoot"/> is given, then
    /// the user's file), else <c>%LOCALAPPDATA%\datatasks</c> on Windows and <c>$XDG_CACHE_HOME/datatasks</c> or
    /// <c>~/.cache/datatasks</c> elsewhere.
    /// </summary>
    /// <param name="overrideDirectory">A folder given on the command line or as an MSBuild property; wins over everything.</param>
    /// <param name="environment">Where the variables are read; the process environment when null.</param>
    /// <param name="repositoryRoot">The repository whose files take part, or null for the variables and the user's file only.</param>
    public static string Resolve(string? overrideDirectory = null, EnvironmentVariables? environment = null, string? repositoryRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            return Path.GetFullPath(overrideDirectory);
        }

        return ResolvedConfig.Resolve(repositoryRoot, environment).CacheDirectory();
    }

    /// <summary>
    /// The machine cache <see cref="Resolve"/> names, with the read pools of the same configuration ladder, so the CLI,
    /// the build and the runtime probe the same pools.
    /// </summary>
    /// <param name="overrideDirectory">A folder given on the command line or as an MSBuild property; wins over everything.</param>
    /// <param name="environment">Where the variables are read; the process environment when null.</param>
    /// <param name="repositoryRoot">The repository whose files take part, or null for the variables and the user's file only.</param>
    public static Storage.MachineCache Open(string? overrideDirectory = null, EnvironmentVariables? environment = null, string? repositoryRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            // The override is used without reading any configuration; the pools read it only if a miss needs them.
            return new Storage.MachineCache(overrideDirectory) { Pools = Storage.ReadPools.From(() => ResolvedConfig.Resolve(repositoryRoot, environment)) };
        }

        var config = ResolvedConfig.Resolve(repositoryRoot, environment);
        return new Storage.MachineCache(config.CacheDirectory()) { Pools = Storage.ReadPools.From(config) };
    }
}
