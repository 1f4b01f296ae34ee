namespace DataTasks.Cli.Check;

/// <summary>What check reports.</summary>
internal enum CheckKind
{
    /// <summary>A constant path in no manifest: Resolve would throw at run time.</summary>
    Dangling,

    /// <summary>A path or namespace that is not a constant: it cannot be checked.</summary>
    Unverified,

    /// <summary>A file on disk that matches .datapattern but is in no manifest.</summary>
    Untracked,
}

/// <summary>One finding: where, which path, and why.</summary>
internal sealed record CheckFinding(CheckKind Kind, string Where, string? Path, string? Namespace, string Detail);
