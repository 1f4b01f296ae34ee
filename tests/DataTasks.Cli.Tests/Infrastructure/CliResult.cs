namespace DataTasks.Cli.Tests.Infrastructure;

/// <summary>What one run of the CLI produced.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output split into lines (no trailing empty line).</summary>
    public string[] OutLines => SplitLines(Stdout);

    /// <summary>Standard error split into lines (no trailing empty line).</summary>
    public string[] ErrLines => SplitLines(Stderr);

    public static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.None) is var parts && parts.Length > 0 && parts[^1].Length == 0
            ? parts[..^1]
            : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}--- stderr ---\n{Stderr}";
}
