using System.Collections.Concurrent;
using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Runs;

namespace DataTasks;

/// <summary>
/// Where a successful resolve is recorded as a run's input: every <see cref="DataArtifactRun"/> current in the
/// caller's async context (the innermost and those around it), and the run record of <c>dotnet data run</c> when
/// <see cref="RunInputRecord.EnvironmentVariable"/> names one. Recording never breaks a resolve: a record that cannot
/// be appended to is reported once (DT0808, on standard error) and the program goes on.
/// </summary>
internal static class RunInputRecording
{
    private static readonly string? RecordFile = Environment.GetEnvironmentVariable(RunInputRecord.EnvironmentVariable) is { Length: > 0 } file ? file : null;
    private static readonly ConcurrentDictionary<string, byte> Appended = new(StringComparer.Ordinal);
    private static readonly object AppendGate = new();
    private static int warned;

    /// <summary>The innermost run of the caller's async context, or null.</summary>
    public static AsyncLocal<DataArtifactRun?> Current { get; } = new();

    /// <summary>Records the entry <paramref name="entryPath"/> (of namespace <paramref name="namespaceName"/> when given); free when nothing records.</summary>
    public static void Record(string? namespaceName, string entryPath)
    {
        if (RecordFile is null && Current.Value is null)
        {
            return;
        }

        var reference = new EntryInputReference(namespaceName, entryPath).ToString();
        for (var run = Current.Value; run is not null; run = run.Parent)
        {
            run.RecordInput(reference);
        }

        // Each entry once per process: a hot resolve appends one line, not one per call.
        if (RecordFile is not null && Appended.TryAdd(reference, 0))
        {
            Append(RecordFile, reference);
        }
    }

    private static void Append(string file, string reference)
    {
        try
        {
            lock (AppendGate)
            {
                RunInputRecord.Append(file, reference);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            if (Interlocked.Exchange(ref warned, 1) == 0)
            {
                try
                {
                    Console.Error.WriteLine($"warning {ErrorCodes.RunRecordAppendFailed}: cannot append '{reference}' to the run record {file} ({ex.Message}); resolving goes on, but this run's recorded inputs are incomplete");
                }
                catch (IOException)
                {
                    // No standard error to write to: the program still must not fail.
                }
            }
        }
    }
}
