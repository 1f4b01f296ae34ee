namespace DataTasks.Core.Config;

/// <summary>
/// The per-user folders the ladder's symbols and files live in (<c>$user_cache_dir</c>, <c>$user_data_dir</c>, the
/// user's config folder), read from the given environment so a test or a host can point them elsewhere. Relative
/// XDG variables are ignored, as the XDG base directory specification says.
/// </summary>
public static class PlatformFolders
{
    /// <summary>The user's home: <c>HOME</c> (<c>USERPROFILE</c> on Windows) when set, else what the system says.</summary>
    /// <param name="environment">Where variables are read.</param>
    public static string Home(EnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment.Get(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        return !string.IsNullOrWhiteSpace(home) && Path.IsPathRooted(home)
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }

    /// <summary><c>%LOCALAPPDATA%</c> on Windows; <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> elsewhere.</summary>
    /// <param name="environment">Where variables are read.</param>
    public static string UserCacheDirectory(EnvironmentVariables environment) =>
        OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Xdg(environment, "XDG_CACHE_HOME") ?? Path.Join(Home(environment), ".cache");

    /// <summary><c>%LOCALAPPDATA%</c> on Windows; <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c> elsewhere.</summary>
    /// <param name="environment">Where variables are read.</param>
    public static string UserDataDirectory(EnvironmentVariables environment) =>
        OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Xdg(environment, "XDG_DATA_HOME") ?? Path.Join(Home(environment), ".local", "share");

    /// <summary><c>%APPDATA%</c> on Windows; <c>$XDG_CONFIG_HOME</c> or <c>~/.config</c> elsewhere.</summary>
    /// <param name="environment">Where variables are read.</param>
    public static string UserConfigDirectory(EnvironmentVariables environment) =>
        OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
            : Xdg(environment, "XDG_CONFIG_HOME") ?? Path.Join(Home(environment), ".config");

    /// <summary>The user's DataTasks configuration file: <c>datatasks/config.json</c> in <see cref="UserConfigDirectory"/>.</summary>
    /// <param name="environment">Where variables are read.</param>
    public static string UserConfigFile(EnvironmentVariables environment) =>
        Path.Join(UserConfigDirectory(environment), "datatasks", "config.json");

    private static string? Xdg(EnvironmentVariables environment, string name)
    {
        var value = environment.Get(name);
        return !string.IsNullOrWhiteSpace(value) && Path.IsPathRooted(value) ? value : null;
    }
}
