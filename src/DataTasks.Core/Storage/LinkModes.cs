using System.Text.Json.Nodes;
using DataTasks.Core.Config;

namespace DataTasks.Core.Storage;

/// <summary>
/// The order in which pull tries to put cached objects into the tree: the "link" setting of the repository's
/// configuration, or <c>DATATASKS_LINK</c>, a comma-separated list such as <c>hardlink,copy</c>. Where one mode cannot
/// be used for a file (another file system, a file system without links) the next one is tried.
/// </summary>
public sealed class LinkModes
{
    /// <summary>The configuration key.</summary>
    public const string SettingName = "link";

    /// <summary>The environment variable that overrides the configuration.</summary>
    public const string Variable = "DATATASKS_LINK";

    private LinkModes(IReadOnlyList<LinkMode> order)
    {
        Order = order;
    }

    /// <summary>
    /// reflink, then copy: a private writable file, as pull always made; file systems without reflinks (ext4, NTFS)
    /// get the same hashed copy as before.
    /// </summary>
    public static LinkModes Default { get; } = new([LinkMode.Reflink, LinkMode.Copy]);

    /// <summary>The modes to try, first to last. Never empty.</summary>
    public IReadOnlyList<LinkMode> Order { get; }

    /// <summary>True when some mode in the order makes files in the tree that share the cache object (read-only files).</summary>
    public bool SharesObjects => Order.Any(m => m is LinkMode.Hardlink or LinkMode.Symlink);

    /// <summary>Exactly these modes, in this order.</summary>
    public static LinkModes Of(params LinkMode[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Length == 0)
        {
            throw new ArgumentException("at least one link mode is needed", nameof(order));
        }

        return new LinkModes(order.Distinct().ToArray());
    }

    /// <summary>The link modes of <paramref name="repository"/>: DATATASKS_LINK, else the "link" setting, else <see cref="Default"/>.</summary>
    public static LinkModes For(DataRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return From(repository.LoadConfig());
    }

    /// <summary>The link modes a loaded configuration names (its variables first, then its settings).</summary>
    public static LinkModes From(DataTasksConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Variables.Get(Variable) is { } fromVariable && fromVariable.Length > 0)
        {
            return Parse(fromVariable, Variable);
        }

        if (!config.Settings.TryGetPropertyValue(SettingName, out var node) || node is null)
        {
            return Default;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return Parse(text, $"\"{SettingName}\" in {DataTasksConfig.FileName}");
        }

        throw new DataTasksException(ErrorCodes.LinkModeInvalid, $"\"{SettingName}\" in {DataTasksConfig.FileName} must be a string such as \"hardlink,copy\" (reflink, hardlink, symlink, copy)");
    }

    /// <summary>
    /// Parses a comma-separated list of modes; <paramref name="source"/> names where it came from, for the DT1001 message.
    /// Names are case-insensitive and may be padded with spaces; a name given twice counts once.
    /// </summary>
    public static LinkModes Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var order = new List<LinkMode>();
        foreach (var part in text.Split(','))
        {
            var name = part.Trim();
            LinkMode? mode = name.ToLowerInvariant() switch
            {
                "reflink" => LinkMode.Reflink,
                "hardlink" => LinkMode.Hardlink,
                "symlink" => LinkMode.Symlink,
                "copy" => LinkMode.Copy,
                _ => null,
            };
            if (mode is null)
            {
                var shown = name.Length == 0 ? "an empty name" : $"'{Printable(name)}'";
                throw new DataTasksException(ErrorCodes.LinkModeInvalid,
                    $"{source}: {shown} is not a link mode; write a comma-separated list of reflink, hardlink, symlink and copy (say \"hardlink,copy\")");
            }

            if (!order.Contains(mode.Value))
            {
                order.Add(mode.Value);
            }
        }

        return new LinkModes(order);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(',', Order.Select(m => m.ToString().ToLowerInvariant()));

    // A value with a line break or escape would break the one-line error.
    private static string Printable(string name) =>
        new(name.Select(c => char.IsControl(c) ? '?' : c).Take(40).ToArray());
}
