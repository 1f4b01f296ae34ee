using DataTasks.Core;

namespace DataTasks;

/// <summary>
/// <see cref="DataArtifactRun.CompleteAsync"/> could not record the run's outputs; nothing was recorded.
/// <see cref="DataArtifactException.Code"/> is DT0809; the inner exception carries the engine's own code (an output
/// that is no file DT0004, outside the repository DT0003, a manifest that cannot be read or updated DT01xx/DT04xx).
/// </summary>
public sealed class DataArtifactRunException : DataArtifactException
{
    private const string DefaultMessage = "The run's outputs could not be recorded.";

    /// <summary>Creates the exception with a generic message.</summary>
    public DataArtifactRunException()
        : this(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DataArtifactRunException(string message)
        : base(ErrorCodes.RunNotRecorded, string.Empty, message, null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public DataArtifactRunException(string message, Exception innerException)
        : base(ErrorCodes.RunNotRecorded, string.Empty, message, innerException)
    {
    }

    /// <summary>The name of the run that could not be recorded; empty when not known.</summary>
    public string RunName { get; private init; } = string.Empty;

    internal static DataArtifactRunException From(string runName, DataTasksException ex) =>
        new($"{ErrorCodes.RunNotRecorded}: run '{runName}' was not recorded: {ex.Code}: {SecretRedactor.Redact(ex.Message)}", ex) { RunName = runName };
}
