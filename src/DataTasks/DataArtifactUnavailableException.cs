using DataTasks.Core;

namespace DataTasks;

/// <summary>
/// The entry exists but its file cannot be provided: offline with the file missing, the remote unreachable or refusing,
/// a corrupt object, or a local file that differs from the manifest (never overwritten). <see cref="Code"/> is the
/// stable DataTasks error code (docs/errors.md).
/// </summary>
public sealed class DataArtifactUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataArtifactUnavailableException(string path, string code, string message, Exception? inner = null)
        : base($"{code}: {message}", inner)
    {
        ArtifactPath = path;
        Code = code;
    }

    /// <summary>The manifest path that was asked for.</summary>
    public string ArtifactPath { get; }

    /// <summary>The DataTasks error code, e.g. DT0801 when offline.</summary>
    public string Code { get; }

    internal static DataArtifactUnavailableException From(string path, DataTasksException ex) => new(path, ex.Code, SecretRedactor.Redact(ex.Message), ex);
}
