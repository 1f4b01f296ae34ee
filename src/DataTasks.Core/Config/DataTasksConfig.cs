using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataTasks.Core.Config;

/// <summary>
/// The effective configuration of a repository: .datatasks/config.json (committed, no secrets), overridden key by key
/// by .datatasks/config.local.json (gitignored; nested objects merge deeply), then by environment variables, then by
/// command-line options.
/// </summary>
public sealed class DataTasksConfig
{
    /// <summary>The committed configuration file, relative to the repository root.</summary>
    public const string FileName = ".datatasks/config.json";

    /// <summary>The machine-local configuration file, relative to the repository root.</summary>
    public const string LocalFileName = ".datatasks/config.local.json";

    /// <summary>The environment variable that overrides the remote URL.</summary>
    public const string RemoteVariable = "DATATASKS_REMOTE";

    private DataTasksConfig(JsonObject settings, string? remote, string? remoteSource, EnvironmentVariables environment)
    {
        Settings = settings;
        Remote = remote;
        RemoteSource = remoteSource;
        Variables = environment;
    }

    /// <summary>The merged settings of both files, for remote kinds that read more than the URL.</summary>
    public JsonObject Settings { get; }

    /// <summary>The remote URL, or null when none is configured.</summary>
    public string? Remote { get; }

    /// <summary>Where <see cref="Remote"/> came from (a file, a variable or an option), for messages.</summary>
    public string? RemoteSource { get; }

    /// <summary>
    /// The environment this configuration was loaded with, for settings read later from variables (the S3 remote's
    /// credentials and endpoint), so one load sees one environment.
    /// </summary>
    public EnvironmentVariables Variables { get; }

    /// <summary>Loads the configuration of the repository at <paramref name="root"/>.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="remoteOverride">A remote given on the command line or as an MSBuild property; wins over everything.</param>
    /// <param name="environment">Where DATATASKS_REMOTE and later variables are read; the process environment when null.</param>
    public static DataTasksConfig Load(string root, string? remoteOverride = null, EnvironmentVariables? environment = null)
    {
        environment ??= EnvironmentVariables.Process;
        var merged = new JsonObject();
        string? remote = null;
        string? source = null;
        foreach (var name in new[] { FileName, LocalFileName })
        {
            var path = Path.Join(root, name);
            var obj = ReadObject(path, name);
            if (obj is null)
            {
                continue;
            }

            MergeInto(merged, obj);

            if (obj.TryGetPropertyValue("remote", out var r))
            {
                if (r is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
                {
                    if (s.Any(char.IsControl))
                    {
                        throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: \"remote\" contains a control character (a NUL, a line break); write the folder or URL on its own");
                    }

                    remote = s;
                    source = name;
                }
                else if (r is not null)
                {
                    throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: \"remote\" must be a non-empty string");
                }
            }
        }

        var env = environment.Get(RemoteVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            remote = env;
            source = RemoteVariable;
        }

        if (!string.IsNullOrWhiteSpace(remoteOverride))
        {
            remote = remoteOverride;
            source = "--remote";
        }

        if (remote is not null && remote.Any(char.IsControl))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{source}: the remote contains a control character (a NUL, a line break); write the folder or URL on its own");
        }

        return new DataTasksConfig(merged, remote, source, environment);
    }

    /// <summary>
    /// Overlays <paramref name="overlay"/> on <paramref name="target"/> key by key, recursing into objects present in
    /// both, so a local file can override one nested setting (say "s3": {"endpoint": …}) and keep its siblings.
    /// Any other value, null included, replaces what was there.
    /// </summary>
    internal static void MergeInto(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay)
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                MergeInto(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static JsonObject? ReadObject(string path, string name)
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

        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        if (JsonStrings.FindInvalid(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = options.CommentHandling, AllowTrailingCommas = true }) is var (line, column))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}:{line}:{column}: a string is not valid text (a lone surrogate escape such as \\ud800); fix the file");
        }

        try
        {
            var obj = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
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
}
