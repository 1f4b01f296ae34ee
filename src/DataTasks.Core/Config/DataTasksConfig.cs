using System.Text.Json.Nodes;

namespace DataTasks.Core.Config;

/// <summary>
/// The effective configuration of a repository: the configuration ladder (<see cref="ResolvedConfig"/>: variables,
/// .datatasks/config.local.json, host overrides, .datatasks/config.json, the user's file, defaults; nested objects
/// merge deeply), then command-line options.
/// </summary>
public sealed class DataTasksConfig
{
    /// <summary>The committed configuration file, relative to the repository root.</summary>
    public const string FileName = ".datatasks/config.json";

    /// <summary>The machine-local configuration file, relative to the repository root.</summary>
    public const string LocalFileName = ".datatasks/config.local.json";

    /// <summary>The environment variable that overrides the remote URL.</summary>
    public const string RemoteVariable = "DATATASKS_REMOTE";

    private DataTasksConfig(ResolvedConfig resolved, string? remote, string? remoteSource)
    {
        Resolved = resolved;
        Remote = remote;
        RemoteSource = remoteSource;
    }

    /// <summary>The configuration ladder this configuration was read from: every value with its origin.</summary>
    public ResolvedConfig Resolved { get; }

    /// <summary>Every rung's settings merged, for remote kinds that read more than the URL.</summary>
    public JsonObject Settings => Resolved.Settings;

    /// <summary>The remote URL (its <c>$</c>-symbols expanded), or null when none is configured.</summary>
    public string? Remote { get; }

    /// <summary>Where <see cref="Remote"/> came from (a file, a host override, a variable or an option), for messages.</summary>
    public string? RemoteSource { get; }

    /// <summary>
    /// The environment this configuration was loaded with, for settings read later from variables (the S3 remote's
    /// credentials and endpoint), so one load sees one environment.
    /// </summary>
    public EnvironmentVariables Variables => Resolved.Variables;

    /// <summary>Loads the configuration of the repository at <paramref name="root"/> through the configuration ladder.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="remoteOverride">A remote given on the command line or as an MSBuild property; wins over everything.</param>
    /// <param name="environment">Where DATATASKS_REMOTE and later variables are read; the process environment when null.</param>
    public static DataTasksConfig Load(string root, string? remoteOverride = null, EnvironmentVariables? environment = null) =>
        From(ResolvedConfig.Resolve(root, environment), remoteOverride);

    /// <summary>The configuration a resolved ladder gives, with an optional remote from the command line on top.</summary>
    /// <param name="resolved">The resolved ladder.</param>
    /// <param name="remoteOverride">A remote given on the command line or as an MSBuild property; wins over everything.</param>
    public static DataTasksConfig From(ResolvedConfig resolved, string? remoteOverride = null)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        string? remote = null;
        string? source = null;
        if (!string.IsNullOrWhiteSpace(remoteOverride))
        {
            remote = remoteOverride;
            source = "--remote";
        }
        else if (resolved.RemoteValue is { } value)
        {
            remote = resolved.Effective(value);
            source = value.Origin.ToString();
        }

        if (remote is not null && remote.Any(char.IsControl))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{source}: the remote contains a control character (a NUL, a line break); write the folder or URL on its own");
        }

        return new DataTasksConfig(resolved, remote, source);
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
}
