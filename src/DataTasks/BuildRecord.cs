using System.Text.Json;

namespace DataTasks;

/// <summary>
/// <c>DataTasks.runtime.json</c>, written next to the app in bin/ by DataTasks.Sdk: where the manifest the app was built
/// against is, as a path relative to the app's folder, so an app run from bin/ finds its repository without being told.
/// Relative, never absolute: the record must not carry the build machine's paths, and an app moved elsewhere must not
/// find (and write into) the checkout it was built in. The SDK leaves it out of publish folders and packages.
/// </summary>
internal static class BuildRecord
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "DataTasks.runtime.json";

    /// <summary>
    /// The recorded repository root, or null when there is no record, it names a manifest that is not there (relative to
    /// where the app is now), or it holds an absolute path (written by an older SDK: ignored, see the class remarks).
    /// </summary>
    public static string? RepositoryRoot(string appDirectory)
    {
        var file = Path.Join(appDirectory, FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("manifest", out var manifest) &&
                manifest.ValueKind == JsonValueKind.String &&
                manifest.GetString() is { Length: > 0 } path &&
                !Path.IsPathRooted(path) &&
                Path.GetFullPath(Path.Join(appDirectory, path)) is var full &&
                Path.GetFileName(full) == Core.Manifest.DataManifest.FileName &&
                File.Exists(full))
            {
                return Path.GetDirectoryName(full);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // A damaged record only loses the hint; the other ways of finding the repository remain. (A lone surrogate
            // escape is valid JSON that GetString refuses with InvalidOperationException; a NUL makes an invalid path.)
        }

        return null;
    }
}
