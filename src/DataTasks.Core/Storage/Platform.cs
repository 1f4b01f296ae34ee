namespace DataTasks.Core.Storage;

/// <summary>The few facts about the operating system that the engine has to branch on, kept in one place.</summary>
public static class Platform
{
    /// <summary>
    /// True where the default file system ignores case (Windows, macOS). Two manifest entries that differ only in case
    /// cannot both exist there, so they are refused.
    /// </summary>
    public static bool IsFileSystemCaseInsensitive { get; } =
        Environment.GetEnvironmentVariable("DATATASKS_CASE_INSENSITIVE_FS") is { } forced
            ? forced == "1"
            : OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    /// <summary>The comparer for file paths on this platform's default file system.</summary>
    public static StringComparer PathComparer =>
        IsFileSystemCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
