using Microsoft.Build.Framework;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// MSBuild's engine reduced to what a task calls while it runs in-process: it records every error, warning and
/// message so a test can assert the DT diagnostics without a child <c>dotnet build</c>.
/// </summary>
internal sealed class TestBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => string.Empty;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, System.Collections.IDictionary globalProperties, System.Collections.IDictionary targetOutputs) =>
        throw new NotSupportedException("DataTasks' tasks build no other project");

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);

    /// <summary>Every error as "CODE: message", for assertion messages.</summary>
    public string Describe() => string.Join('\n', Errors.Select(e => $"{e.Code}: {e.Message}").Concat(Warnings.Select(w => $"warning {w.Code}: {w.Message}")));
}
