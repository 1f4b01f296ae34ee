using System.Text.RegularExpressions;
using DataTasks.Core;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace DataTasks.Tasks;

/// <summary>
/// What every DataTasks task shares: cancellation (Ctrl+C cancels transfers), and one diagnostic
/// <c>error DTnnnn: …</c> per failure, located at the project file or artifacts.json (with its line when known),
/// never a stack trace for a failure the user can act on.
/// </summary>
public abstract partial class DataTaskBase : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>The project being built ($(MSBuildProjectFullPath)): where diagnostics point when nothing closer is known.</summary>
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>$(TargetFramework), empty in an outer or single-framework-less build: names the inner build in summaries.</summary>
    public string TargetFramework { get; set; } = string.Empty;

    /// <summary>"Project" or "Project (net8.0)", for summary lines.</summary>
    protected string Label => Path.GetFileNameWithoutExtension(ProjectFile) + (TargetFramework.Length > 0 ? $" ({TargetFramework})" : string.Empty);

    /// <summary>The manifest the build uses, for locating manifest errors.</summary>
    protected string? ManifestPathForErrors { get; set; }

    /// <summary>Cancelled when MSBuild cancels the build.</summary>
    protected CancellationToken CancellationToken => cancellation.Token;

    [GeneratedRegex(@":(\d+):(\d+): ")]
    private static partial Regex LineAndColumn();

    /// <inheritdoc />
    public void Cancel() => cancellation.Cancel();

    /// <inheritdoc />
    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (DataTasksException ex)
        {
            LogError(ex);
        }
        catch (OperationCanceledException)
        {
            LogError(ErrorCodes.Cancelled, "the build was cancelled; build again to resume where it stopped", ProjectFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogError(ErrorCodes.IoError, ex.Message, ProjectFile);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work; throws <see cref="DataTasksException"/> for failures the user can act on.</summary>
    protected abstract void Run();

    /// <summary>Logs an engine error; manifest errors point at artifacts.json and the line the engine found.</summary>
    protected void LogError(DataTasksException ex)
    {
        if (ex.Code.StartsWith("DT01", StringComparison.Ordinal) && ManifestPathForErrors is { } manifest)
        {
            var m = LineAndColumn().Match(ex.Message);
            var line = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var column = m.Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            Log.LogError(null, ex.Code, null, manifest, line, column, 0, 0, SecretRedactor.Redact(ex.Message));
            return;
        }

        LogError(ex.Code, ex.Message, ProjectFile);
    }

    /// <summary>Logs one <c>error DTnnnn:</c> at <paramref name="file"/>:<paramref name="line"/>.</summary>
    /// <remarks>Every message passes the secret redaction: stores echo request headers back in their errors.</remarks>
    protected void LogError(string code, string message, string? file, int line = 0) =>
        Log.LogError(null, code, null, file, line, 0, 0, 0, SecretRedactor.Redact(message));

    /// <summary>Logs one <c>warning DTnnnn:</c> at <paramref name="file"/>:<paramref name="line"/>.</summary>
    protected void LogWarning(string code, string message, string? file, int line = 0) =>
        Log.LogWarning(null, code, null, file, line, 0, 0, 0, SecretRedactor.Redact(message));

    /// <summary>Runs async engine work to completion on this (MSBuild's) thread.</summary>
    protected static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
