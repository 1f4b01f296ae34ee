namespace DataTasks.Core.Config;

/// <summary>The kinds of rung a configuration value can come from, highest precedence first.</summary>
public enum ConfigOriginKind
{
    /// <summary>A command-line option or an MSBuild property.</summary>
    Option,

    /// <summary>A <c>DATATASKS_&lt;NAME&gt;</c> environment variable.</summary>
    Variable,

    /// <summary>A configuration file (the repository's, its local file, or the user's).</summary>
    File,

    /// <summary>A host override: <c>"hosts": {"glob": {…}}</c> inside a configuration file.</summary>
    Host,

    /// <summary>The value DataTasks uses when nothing sets one.</summary>
    Default,
}

/// <summary>
/// Where one resolved configuration value came from, as <c>git config --show-origin</c> says it: the file (and the
/// host glob inside it) or the variable, so a user can find what to edit.
/// </summary>
/// <param name="Kind">The kind of rung.</param>
/// <param name="Name">
/// The file as messages name it (repository files relative to the root, the user's file in full), the variable's or
/// option's name, or null for a default.
/// </param>
/// <param name="HostGlob">The host glob of a host override, else null.</param>
public sealed record ConfigOrigin(ConfigOriginKind Kind, string? Name, string? HostGlob = null)
{
    /// <summary>The origin of built-in defaults.</summary>
    public static ConfigOrigin Default { get; } = new(ConfigOriginKind.Default, null);

    /// <summary>The full path of the origin's file, when it is a file the ladder read (for relative paths inside it).</summary>
    internal string? FullPath { get; init; }

    /// <summary>True when the value came from one of the repository's own files, where relative paths mean "from the root".</summary>
    internal bool InRepository { get; init; }

    /// <summary>How messages and <c>config list --show-origin</c> name the origin.</summary>
    public override string ToString() => Kind switch
    {
        ConfigOriginKind.Default => "default",
        ConfigOriginKind.Host => $"{Name} hosts[{HostGlob}]",
        _ => Name ?? string.Empty,
    };

    /// <summary>The origin with its kind as <c>--show-origin</c> prefixes it: <c>file:</c>, <c>env:</c>, <c>option:</c>, or <c>default</c>.</summary>
    public string Display => Kind switch
    {
        ConfigOriginKind.Default => "default",
        ConfigOriginKind.Variable => $"env:{Name}",
        ConfigOriginKind.Option => $"option:{Name}",
        _ => $"file:{this}",
    };
}
