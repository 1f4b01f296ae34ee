using System.Text.Json;

namespace DataTasks;

/// <summary>
/// <c>DataTasks.runtime.json</c>, written next to the app by DataTasks.Sdk: the manifest the app was built against, so
/// an app run from bin/ or a publish folder finds its repository without being told.
/// </summary>
internal static class BuildRecord
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "DataTasks.runtime.json";

    /// <summary>The recorded repository root, or null when there is no record or it names a manifest that is gone.</summary>
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
                File.Exists(path))
            {
                return Path.GetDirectoryName(Path.GetFullPath(path));
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A damaged record only loses the hint; the other ways of finding the repository remain. (A lone surrogate
            // escape is valid JSON that GetString refuses with InvalidOperationException.)
        }

        return null;
    }
}
