using System.Text.Json;
using System.Text.Json.Nodes;
using DataTasks.Core;
using DataTasks.Core.Config;

namespace DataTasks.Cli.Commands;

/// <summary>
/// config list | get | set | unset: the configuration ladder as <c>git config</c> shows it. The command line has no
/// nested subcommands, so the action is the first positional word, read here.
/// </summary>
internal static class ConfigCommand
{
    /// <summary>The actions, for tab completion.</summary>
    public static readonly string[] Actions = ["list", "get", "set", "unset"];

    private const string UsageHint = "see 'dotnet data config --help'";

    public static Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var words = args.Positionals("config");
        var showOrigin = args.Flag("--show-origin");
        var local = args.Flag("--local");
        var user = args.Flag("--user");
        var host = args.Option("--host");
        var action = words.Count > 0 ? words[0] : null;
        var writes = action is "set" or "unset";
        if (!writes && (local || user || host is not null))
        {
            throw Usage($"--local, --user and --host choose the file set and unset write; 'config {action ?? "list"}' reads every rung");
        }

        if (writes && showOrigin)
        {
            throw Usage($"--show-origin is for list and get; 'config {action}' writes one file and names it");
        }

        if (action == "list")
        {
            Exactly(words, 1, "config list [--show-origin] [--json]");
        }

        var result = action switch
        {
            null or "list" => List(context, showOrigin),
            "get" => Get(context, Exactly(words, 2, "config get <key> [--show-origin] [--json]")[1], showOrigin),
            "set" => Set(context, Exactly(words, 3, "config set <key> <value> [--local | --user | --host <glob>]"), Target(context, local, user, host)),
            "unset" => Unset(context, Exactly(words, 2, "config unset <key> [--local | --user | --host <glob>]")[1], Target(context, local, user, host)),
            _ => throw Usage($"'{action}' is not a config action; use list, get, set or unset"),
        };
        return Task.FromResult(result);
    }

    private static int List(CliContext context, bool showOrigin)
    {
        var config = context.Config;
        var values = config.Values.Select(v => (Value: v, Effective: config.Effective(v))).ToList();
        var link = ProbeLink(context);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteStartArray("values");
                foreach (var (value, effective) in values)
                {
                    WriteValue(w, value, effective);
                }

                w.WriteEndArray();
                if (link is not null)
                {
                    LinkInUse.Write(w, link);
                }
            });
            return CliApp.ExitOk;
        }

        foreach (var (value, effective) in values)
        {
            context.Out.WriteLine(showOrigin ? $"{value.Origin.Display}\t{value.Key}={effective}" : $"{value.Key}={effective}");
        }

        if (link is not null)
        {
            context.Out.WriteLine(LinkInUse.Line(link));
        }

        return CliApp.ExitOk;
    }

    /// <summary>The link mode in use for the repository here; null outside one, or (with a warning) when "link" is invalid.</summary>
    private static Core.Storage.LinkProbe? ProbeLink(CliContext context)
    {
        if (context.RepositoryRootOrNull() is null)
        {
            return null;
        }

        try
        {
            return LinkInUse.Probe(context, context.Repository);
        }
        catch (DataTasksException ex)
        {
            // A bad "link" (or cache) value is listed above; say why there is no link line, but list the rest.
            if (ex.Code == ErrorCodes.LinkModeInvalid)
            {
                context.Warn(ex);
            }

            return null;
        }
    }

    private static int Get(CliContext context, string key, bool showOrigin)
    {
        ConfigKeys.Split(key);
        var config = context.Config;
        if (config.Find(key) is not { } value)
        {
            if (config.Values.Any(v => v.Key.StartsWith(key + ".", StringComparison.Ordinal)))
            {
                throw new DataTasksException(ErrorCodes.ConfigKeyInvalid, $"'{key}' is a section, not a value; get one of its keys ({string.Join(", ", config.Values.Where(v => v.Key.StartsWith(key + ".", StringComparison.Ordinal)).Select(v => v.Key))})");
            }

            throw new DataTasksException(ErrorCodes.ConfigKeyNotSet, $"'{key}' is not set; 'dotnet data config list --show-origin' shows what is set where");
        }

        var effective = config.Effective(value);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w => WriteFields(w, value, effective));
            return CliApp.ExitOk;
        }

        context.Out.WriteLine(showOrigin ? $"{value.Origin.Display}\t{effective}" : effective);
        return CliApp.ExitOk;
    }

    private static int Set(CliContext context, List<string> words, WriteTarget target)
    {
        var key = words[1];
        var segments = ConfigKeys.Split(key);
        var value = ConfigKeys.ParseText(key, words[2]);
        if (key == ConfigKeys.Remote && words[2].Any(char.IsControl))
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid, "\"remote\" cannot contain a control character (a NUL, a line break); write the folder or URL on its own");
        }

        var file = ConfigFile.Read(target.Path, target.Name) ?? new JsonObject();
        var section = target.Section(file, create: true)!;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (section[segments[i]] is JsonObject child)
            {
                section = child;
            }
            else if (section.ContainsKey(segments[i]) && section[segments[i]] is not null)
            {
                throw new DataTasksException(ErrorCodes.ConfigKeyInvalid, $"cannot set '{key}' in {target}: '{string.Join('.', segments[..(i + 1)])}' holds a value, not an object; unset it first");
            }
            else
            {
                var created = new JsonObject();
                section[segments[i]] = created;
                section = created;
            }
        }

        if (section[segments[^1]] is JsonObject)
        {
            throw new DataTasksException(ErrorCodes.ConfigKeyInvalid, $"'{key}' is a section in {target}; set one of its keys, or unset it first");
        }

        section[segments[^1]] = value;
        ConfigFile.Write(target.Path, file);
        Report(context, "set", key, value, target);
        return CliApp.ExitOk;
    }

    private static int Unset(CliContext context, string key, WriteTarget target)
    {
        var segments = ConfigKeys.Split(key);
        var file = ConfigFile.Read(target.Path, target.Name);
        var trail = new List<JsonObject>();
        var section = file is null ? null : target.Section(file, create: false);
        for (var i = 0; section is not null && i < segments.Length - 1; i++)
        {
            trail.Add(section);
            section = section[segments[i]] as JsonObject;
        }

        if (file is null || section is null || !section.ContainsKey(segments[^1]))
        {
            throw new DataTasksException(ErrorCodes.ConfigKeyNotSet, $"'{key}' is not set in {target}; 'dotnet data config list --show-origin' shows what is set where");
        }

        var old = section[segments[^1]];
        section.Remove(segments[^1]);

        // Sections emptied by the removal go too, so unset undoes a set of a nested key completely.
        for (var i = trail.Count - 1; i >= 0 && section.Count == 0; i--)
        {
            trail[i].Remove(segments[i]);
            section = trail[i];
        }

        target.DropEmptyHost(file);
        ConfigFile.Write(target.Path, file);
        Report(context, "unset", key, old, target);
        return CliApp.ExitOk;
    }

    private static void Report(CliContext context, string verb, string key, JsonNode? value, WriteTarget target)
    {
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("action", verb);
                w.WriteString("key", key);
                w.WritePropertyName("value");
                WriteNode(w, value);
                w.WriteString("file", target.Name);
                w.WriteString("host", target.Host);
            });
        }
        else if (!context.Quiet)
        {
            context.Out.WriteLine($"{verb} {key} in {target}");
        }
    }

    private static void WriteValue(Utf8JsonWriter w, ConfigValue value, string effective)
    {
        w.WriteStartObject();
        WriteFields(w, value, effective);
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, ConfigValue value, string effective)
    {
        w.WriteString("key", value.Key);
        w.WritePropertyName("value");
        if (ConfigKeys.IsPath(value.Key) && value.Value is JsonValue v && v.TryGetValue<string>(out _))
        {
            w.WriteStringValue(effective);
        }
        else
        {
            WriteNode(w, value.Value);
        }

        w.WritePropertyName("raw");
        WriteNode(w, value.Value);
        w.WriteStartObject("origin");
        w.WriteString("kind", JsonNames.Snake(value.Origin.Kind));
        w.WriteString("name", value.Origin.Name);
        w.WriteString("host", value.Origin.HostGlob);
        w.WriteString("display", value.Origin.Display);
        w.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter w, JsonNode? node)
    {
        if (node is null)
        {
            w.WriteNullValue();
        }
        else
        {
            node.WriteTo(w);
        }
    }

    private static WriteTarget Target(CliContext context, bool local, bool user, string? host)
    {
        if ((local ? 1 : 0) + (user ? 1 : 0) + (host is null ? 0 : 1) > 1)
        {
            throw Usage("choose one of --local, --user and --host");
        }

        if (user)
        {
            // Not through the resolved ladder: --user must work even when a repository file is broken.
            var path = PlatformFolders.UserConfigFile(EnvironmentVariables.Process);
            return new WriteTarget(path, path, null);
        }

        var root = context.Repository.Root;
        if (host is not null)
        {
            HostGlob.Parse(host, "--host");
        }

        var name = local ? DataTasksConfig.LocalFileName : DataTasksConfig.FileName;
        return new WriteTarget(Path.Join(root, name), name, host);
    }

    private static List<string> Exactly(List<string> words, int count, string form) =>
        words.Count == count ? words : throw Usage($"usage: dotnet data {form} (got 'config {string.Join(' ', words)}')");

    private static DataTasksException Usage(string message) => new(ErrorCodes.Usage, $"{message}; {UsageHint}");

    /// <summary>The file set and unset write, and the host override inside it when --host is given.</summary>
    private sealed record WriteTarget(string Path, string Name, string? Host)
    {
        /// <summary>The object keys go in: the file itself, or its <c>hosts[glob]</c> (created when asked).</summary>
        public JsonObject? Section(JsonObject file, bool create)
        {
            if (Host is null)
            {
                return file;
            }

            if (file["hosts"] is not JsonObject hosts)
            {
                if (!create)
                {
                    return null;
                }

                if (file["hosts"] is not null)
                {
                    throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{Name}: \"hosts\" must be an object of host globs");
                }

                hosts = [];
                file["hosts"] = hosts;
            }

            if (hosts[Host] is JsonObject section)
            {
                return section;
            }

            if (!create)
            {
                return null;
            }

            section = [];
            hosts[Host] = section;
            return section;
        }

        /// <summary>Removes the host override (and "hosts") when the last key in it was unset.</summary>
        public void DropEmptyHost(JsonObject file)
        {
            if (Host is not null && file["hosts"] is JsonObject hosts)
            {
                if (hosts[Host] is JsonObject { Count: 0 })
                {
                    hosts.Remove(Host);
                }

                if (hosts.Count == 0)
                {
                    file.Remove("hosts");
                }
            }
        }

        public override string ToString() => Host is null ? Name : $"{Name} hosts[{Host}]";
    }
}
