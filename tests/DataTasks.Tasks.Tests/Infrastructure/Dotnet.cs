namespace DataTasks.Tasks.Tests.Infrastructure;

/// <summary>The output of one dotnet process: exit code and stdout+stderr interleaved as printed.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything it printed.</param>
internal sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>The "DataTasks: &lt;project&gt;: N files: D from the remote …" summary lines of the hydrate task.</summary>
    public IReadOnlyList<string> HydrateSummaries =>
        Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("DataTasks: ", StringComparison.Ordinal) && l.Contains(" from the remote (", StringComparison.Ordinal)).ToList();

    /// <summary>Objects fetched from the remote, summed over every hydrate summary (each project and framework).</summary>
    public int DownloadedFromRemote => HydrateSummaries.Sum(l =>
    {
        var files = l.IndexOf(" files: ", StringComparison.Ordinal) + " files: ".Length;
        return int.Parse(l[files..l.IndexOf(' ', files)], System.Globalization.CultureInfo.InvariantCulture);
    });

    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>Runs the dotnet CLI as a child process (TestSupport's DotnetProcess), as a <see cref="ProcessResult"/>.</summary>
internal static class Dotnet
{
    public static ProcessResult Run(string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var (exitCode, output) = DotnetProcess.Run(workingDirectory, args, environment);
        return new ProcessResult(exitCode, output);
    }
}
