using System.Text.Json.Nodes;

namespace DataTasks.Core.Config;

/// <summary>
/// The configuration ladder, resolved: first match wins, key by key, from <c>DATATASKS_&lt;NAME&gt;</c> variables, then
/// .datatasks/config.local.json, then the host overrides of .datatasks/config.json (<c>"hosts": {"glob": {…}}</c>),
/// then .datatasks/config.json, then the user's config.json, then built-in defaults. Each file's host overrides sit
/// just above that file. Every value knows the rung that set it. Resolve once per command and pass it on, so one
/// command sees one configuration.
/// </summary>
public sealed class ResolvedConfig
{
    /// <summary>The variable that names this host for host overrides, instead of what the system calls it.</summary>
    public const string HostNameVariable = "DATATASKS_HOSTNAME";

    private readonly Dictionary<string, ConfigValue> values;
    private readonly Lazy<PathSymbols> symbols;

    private ResolvedConfig(string? root, EnvironmentVariables environment, JsonObject settings, Dictionary<string, ConfigValue> values, ConfigValue? remote, string userFile)
    {
        RepositoryRoot = root;
        Variables = environment;
        Settings = settings;
        this.values = values;
        RemoteValue = remote;
        UserFile = userFile;
        symbols = new Lazy<PathSymbols>(() => new PathSymbols(root, environment, values
            .Where(v => v.Key.StartsWith(ConfigKeys.Symbols + ".", StringComparison.Ordinal))
            .ToDictionary(v => v.Key[(ConfigKeys.Symbols.Length + 1)..], v => v.Value, StringComparer.Ordinal)));
    }

    /// <summary>The repository root the ladder was resolved for, or null outside a repository (user file and variables only).</summary>
    public string? RepositoryRoot { get; }

    /// <summary>The environment the ladder read.</summary>
    public EnvironmentVariables Variables { get; }

    /// <summary>Every rung's settings merged (nested objects deeply), host overrides applied and <c>"hosts"</c> removed; defaults not included.</summary>
    public JsonObject Settings { get; }

    /// <summary>The user's configuration file the ladder looked for (it may not exist).</summary>
    public string UserFile { get; }

    /// <summary>Every resolved leaf, defaults included, ordered by key.</summary>
    public IReadOnlyList<ConfigValue> Values => [.. values.Values.OrderBy(v => v.Key, StringComparer.Ordinal)];

    /// <summary>The symbols path values are expanded with.</summary>
    public PathSymbols Symbols => symbols.Value;

    /// <summary>The highest rung's non-null remote, or null (a null remote in a file is no remote, not a reset).</summary>
    internal ConfigValue? RemoteValue { get; }

    /// <summary>Resolves the ladder for the repository at <paramref name="repositoryRoot"/>.</summary>
    /// <param name="repositoryRoot">The repository root, or null to read only the variables and the user's file.</param>
    /// <param name="environment">Where variables are read; the process environment when null.</param>
    /// <param name="hostName">The host name host overrides match; <c>DATATASKS_HOSTNAME</c>, else the system's, when null.</param>
    public static ResolvedConfig Resolve(string? repositoryRoot, EnvironmentVariables? environment = null, string? hostName = null)
    {
        environment ??= EnvironmentVariables.Process;
        var host = new Lazy<string>(() => hostName ?? NonBlank(environment.Get(HostNameVariable)) ?? System.Net.Dns.GetHostName());
        var layers = new List<(JsonObject Settings, ConfigOrigin Origin)>();
        var userFile = PlatformFolders.UserConfigFile(environment);
        AddFile(layers, userFile, userFile, inRepository: false, host);
        if (repositoryRoot is not null)
        {
            AddFile(layers, Path.Join(repositoryRoot, DataTasksConfig.FileName), DataTasksConfig.FileName, inRepository: true, host);
            AddFile(layers, Path.Join(repositoryRoot, DataTasksConfig.LocalFileName), DataTasksConfig.LocalFileName, inRepository: true, host);
        }

        var settings = new JsonObject();
        var origins = new Dictionary<string, ConfigOrigin>(StringComparer.Ordinal);
        ConfigValue? remote = null;
        foreach (var (layer, origin) in layers)
        {
            Merge(settings, layer, origin, string.Empty, origins);
            remote = RemoteOf(layer, origin) ?? remote;
        }

        foreach (var key in ConfigKeys.Known.Concat(origins.Keys).Distinct(StringComparer.Ordinal).ToList())
        {
            foreach (var name in ConfigKeys.VariablesOf(key))
            {
                if (NonBlank(environment.Get(name)) is not { } text)
                {
                    continue;
                }

                var origin = new ConfigOrigin(ConfigOriginKind.Variable, name);
                var layer = Nest(key.Split('.'), ConfigKeys.ParseText(key, text));
                Merge(settings, layer, origin, string.Empty, origins);
                remote = RemoteOf(layer, origin) ?? remote;
                break;
            }
        }

        var values = origins.ToDictionary(o => o.Key, o => new ConfigValue(o.Key, Find(settings, o.Key)?.DeepClone(), o.Value), StringComparer.Ordinal);
        values.TryAdd(ConfigKeys.Cache, new ConfigValue(ConfigKeys.Cache, JsonValue.Create("$user_cache_dir/datatasks"), ConfigOrigin.Default));
        return new ResolvedConfig(repositoryRoot, environment, settings, values, remote, userFile);
    }

    /// <summary>The resolved leaf <paramref name="key"/> (dotted), or null when no rung sets it.</summary>
    /// <param name="key">The dotted key.</param>
    public ConfigValue? Find(string key) => values.GetValueOrDefault(key);

    /// <summary>
    /// The value as it is used: a path key's string with its symbols expanded, any other value as <see cref="ConfigValue.Text"/>.
    /// </summary>
    /// <param name="value">A value of this configuration.</param>
    public string Effective(ConfigValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ConfigKeys.IsPath(value.Key) && value.Value is JsonValue v && v.TryGetValue<string>(out var text)
            ? Symbols.Expand(text, value.Key, value.Origin)
            : value.Text;
    }

    /// <summary>
    /// The machine cache folder, absolute: a relative path in a repository file is relative to the root, in the user's
    /// file to that file's folder, in a variable to the working directory.
    /// </summary>
    public string CacheDirectory()
    {
        var value = Find(ConfigKeys.Cache)!;
        if (value.Value is not JsonValue v || !v.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{value.Origin}: \"cache\" must be a folder path (a non-empty string)");
        }

        return AbsolutePath(Symbols.Expand(text, value.Key, value.Origin), value.Origin);
    }

    /// <summary>
    /// <paramref name="path"/> (symbols expanded), absolute: a relative path set by a repository file is relative to the
    /// root, by the user's file to that file's folder, by a variable to the working directory.
    /// </summary>
    /// <param name="path">The path, symbols already expanded.</param>
    /// <param name="origin">The rung that set it.</param>
    public string AbsolutePath(string path, ConfigOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(origin);
        if (!Path.IsPathRooted(path))
        {
            path = origin switch
            {
                { InRepository: true } when RepositoryRoot is not null => Path.Join(RepositoryRoot, path),
                { FullPath: { } file } => Path.Join(Path.GetDirectoryName(file), path),
                _ => path,
            };
        }

        return Path.GetFullPath(path);
    }

    private static void AddFile(List<(JsonObject, ConfigOrigin)> layers, string path, string name, bool inRepository, Lazy<string> host)
    {
        if (ConfigFile.Read(path, name) is not { } obj)
        {
            return;
        }

        var file = new ConfigOrigin(ConfigOriginKind.File, name) { FullPath = path, InRepository = inRepository };
        var settings = (JsonObject)obj.DeepClone();
        settings.Remove(ConfigKeys.Hosts);
        layers.Add((settings, file));
        if (!obj.TryGetPropertyValue(ConfigKeys.Hosts, out var hostsNode) || hostsNode is null)
        {
            return;
        }

        if (hostsNode is not JsonObject hosts)
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: \"hosts\" must be an object of host globs, such as {{\"login*.example.edu\": {{\"cache\": \"/scratch/cache\"}}}}");
        }

        var matching = new List<(JsonObject, ConfigOrigin)>();
        foreach (var (globText, overrides) in hosts)
        {
            var glob = HostGlob.Parse(globText, name);
            if (overrides is not JsonObject overrideSettings)
            {
                throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: hosts[{globText}] must be an object of settings");
            }

            if (overrideSettings.ContainsKey(ConfigKeys.Hosts))
            {
                throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{name}: hosts[{globText}] cannot hold \"hosts\" of its own");
            }

            if (glob.Matches(host.Value))
            {
                matching.Add(((JsonObject)overrideSettings.DeepClone(), file with { Kind = ConfigOriginKind.Host, HostGlob = globText }));
            }
        }

        // First match wins among the globs too: applied last, the first matching glob overrides the later ones.
        matching.Reverse();
        layers.AddRange(matching);
    }

    private static ConfigValue? RemoteOf(JsonObject layer, ConfigOrigin origin)
    {
        if (!layer.TryGetPropertyValue(ConfigKeys.Remote, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length == 0)
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{origin}: \"remote\" must be a non-empty string");
        }

        if (text.Any(char.IsControl))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{origin}: \"remote\" contains a control character (a NUL, a line break); write the folder or URL on its own");
        }

        return new ConfigValue(ConfigKeys.Remote, node.DeepClone(), origin);
    }

    /// <summary>
    /// Overlays <paramref name="layer"/> on <paramref name="target"/> as <see cref="DataTasksConfig.MergeInto"/> does,
    /// recording for each leaf the origin that set it last.
    /// </summary>
    private static void Merge(JsonObject target, JsonObject layer, ConfigOrigin origin, string prefix, Dictionary<string, ConfigOrigin> origins)
    {
        foreach (var (key, value) in layer)
        {
            var path = prefix + key;
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                if (child.Count == 0)
                {
                    continue;
                }

                origins.Remove(path);
                Merge(existing, child, origin, path + ".", origins);
                continue;
            }

            foreach (var stale in origins.Keys.Where(k => k == path || k.StartsWith(path + ".", StringComparison.Ordinal)).ToList())
            {
                origins.Remove(stale);
            }

            target[key] = value?.DeepClone();
            Record(value, origin, path, origins);
        }
    }

    private static void Record(JsonNode? value, ConfigOrigin origin, string path, Dictionary<string, ConfigOrigin> origins)
    {
        if (value is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, child) in obj)
            {
                Record(child, origin, path + "." + key, origins);
            }

            return;
        }

        origins[path] = origin;
    }

    private static JsonNode? Find(JsonObject settings, string key)
    {
        JsonNode? node = settings;
        foreach (var segment in key.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    private static JsonObject Nest(string[] segments, JsonNode value)
    {
        JsonNode node = value;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            node = new JsonObject { [segments[i]] = node };
        }

        return (JsonObject)node;
    }

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
