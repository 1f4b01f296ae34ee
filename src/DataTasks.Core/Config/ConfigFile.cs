using System.Text.Json;
using System.Text.Json.Nodes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Config;

/// <summary>Reads and writes one configuration file: a JSON object, comments and trailing commas allowed when read.</summary>
public static class ConfigFile
{
    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The file's object, or null when the file does not exist.</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">How messages name the file.</param>
    public static JsonObject? Read(string path, string name)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException ex)
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"cannot read {name}: {ex.Message}", ex);
        }

        if (JsonStrings.FindInvalid(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is var (line, column))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}:{line}:{column}: a string is not valid text (a lone surrogate escape such as \\ud800); fix the file");
        }

        try
        {
            var obj = JsonNode.Parse(text, documentOptions: ReadOptions) as JsonObject
                ?? throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: the top level must be a JSON object");
            if (Manifest.DataManifest.FindDuplicateName(obj) is { } duplicate)
            {
                throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: \"{duplicate}\" appears more than once; keep one");
            }

            return obj;
        }
        catch (JsonException ex)
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid,
                $"{name}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: invalid JSON", ex);
        }
    }

    /// <summary>
    /// Replaces the file with <paramref name="settings"/>, indented, atomically: a reader sees the old file or the new
    /// one, never half of one. The folder is created when missing.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="settings">The whole new content.</param>
    public static void Write(string path, JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = settings.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }).ReplaceLineEndings("\n") + "\n";
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
    }
}
