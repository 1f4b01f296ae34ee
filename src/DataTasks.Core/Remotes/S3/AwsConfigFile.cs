namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// The AWS shared config file (<c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>), read only for the settings that
/// choose an S3 endpoint, so DataTasks sees the endpoint the SDK will use: <c>[default]</c> or <c>[profile name]</c>
/// sections, <c>[services name]</c> sections with indented sub-properties (<c>s3 =</c> then <c>  endpoint_url = …</c>),
/// full-line comments (<c>#</c>, <c>;</c>) and comments after whitespace. Credentials in the file are skipped, never kept.
/// </summary>
internal sealed class AwsConfigFile
{
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws_secret_access_key", "aws_session_token", "aws_access_key_id",
    };

    /// <summary>Section ("profile x", "services x") to key to value; sub-properties are keyed "parent.key".</summary>
    private readonly Dictionary<string, Dictionary<string, string>> sections = new(StringComparer.Ordinal);

    private AwsConfigFile()
    {
    }

    /// <summary>
    /// Reads the config file the SDK would read under <paramref name="environment"/>: AWS_CONFIG_FILE, else
    /// .aws/config under HOME (or USERPROFILE). Null when there is none or it cannot be read (the SDK then sees none either).
    /// </summary>
    public static AwsConfigFile? Load(Func<string, string?> environment)
    {
        var path = environment("AWS_CONFIG_FILE") is { Length: > 0 } configured
            ? ExpandHome(configured.Trim(), environment)
            : (environment("HOME") ?? environment("USERPROFILE")) is { Length: > 0 } home ? Path.Join(home, ".aws", "config") : null;
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return Parse(File.ReadAllLines(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the file's lines.</summary>
    public static AwsConfigFile Parse(IEnumerable<string> lines)
    {
        var file = new AwsConfigFile();
        Dictionary<string, string>? section = null;
        string? parent = null;
        foreach (var raw in lines)
        {
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']', StringComparison.Ordinal);
                section = close < 0 ? null : file.Section(SectionName(trimmed[1..close]));
                parent = null;
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (section is null || equals <= 0)
            {
                continue;
            }

            var key = trimmed[..equals].Trim().ToLowerInvariant();
            var value = StripComment(trimmed[(equals + 1)..]).Trim();
            var indented = char.IsWhiteSpace(raw[0]);
            if (indented && parent is not null)
            {
                section[parent + "." + key] = value;
                continue;
            }

            // An empty value opens sub-properties (s3 = / endpoint_url = …) on the indented lines that follow.
            parent = value.Length == 0 ? key : null;
            if (!SecretKeys.Contains(key))
            {
                section[key] = value;
            }
        }

        return file;
    }

    /// <summary>A setting of profile <paramref name="profile"/> ("default" for [default]), or null.</summary>
    public string? ProfileValue(string profile, string key) => Value("profile " + profile, key);

    /// <summary>A sub-property of <paramref name="service"/> in the [services <paramref name="services"/>] section, or null.</summary>
    public string? ServiceValue(string services, string service, string key) => Value("services " + services, service + "." + key);

    private string? Value(string section, string key) =>
        sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private Dictionary<string, string>? Section(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (!sections.TryGetValue(name, out var values))
        {
            sections[name] = values = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return values;
    }

    /// <summary>"default" and "profile default" are the same profile; a bare name other than default is not a profile in the config file.</summary>
    private static string? SectionName(string header)
    {
        var words = header.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["default"] => "profile default",
            ["profile", var name] => "profile " + name,
            ["services", var name] => "services " + name,
            _ => null,
        };
    }

    private static string StripComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i];
            }
        }

        return value;
    }

    private static string ExpandHome(string path, Func<string, string?> environment) =>
        path.StartsWith("~/", StringComparison.Ordinal) && (environment("HOME") ?? environment("USERPROFILE")) is { Length: > 0 } home
            ? Path.Join(home, path[2..])
            : path;
}
