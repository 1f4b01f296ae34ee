namespace DataTasks.Core.Config;

/// <summary>Where the machine-wide content cache lives, shared by every clone on the machine.</summary>
public static class MachineCacheLocation
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string Variable = "DATATASKS_CACHE_DIR";

    /// <summary>
    /// <c>DATATASKS_CACHE_DIR</c> when set; otherwise <c>%LOCALAPPDATA%\datatasks</c> on Windows and
    /// <c>$XDG_CACHE_HOME/datatasks</c> or <c>~/.cache/datatasks</c> elsewhere.
    /// </summary>
    /// <param name="overrideDirectory">A folder given on the command line or as an MSBuild property; wins over everything.</param>
    /// <param name="environment">Where the variables are read; the process environment when null.</param>
    public static string Resolve(string? overrideDirectory = null, EnvironmentVariables? environment = null)
    {
        environment ??= EnvironmentVariables.Process;
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            return Path.GetFullPath(overrideDirectory);
        }

        var env = environment.Get(Variable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env);
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "datatasks");
        }

        var xdg = environment.Get("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Join(xdg, "datatasks");
        }

        return Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "datatasks");
    }
}
