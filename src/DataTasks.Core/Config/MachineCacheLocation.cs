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
    public static string Resolve(string? overrideDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            return Path.GetFullPath(overrideDirectory);
        }

        var env = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env);
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "datatasks");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Join(xdg, "datatasks");
        }

        return Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "datatasks");
    }
}
