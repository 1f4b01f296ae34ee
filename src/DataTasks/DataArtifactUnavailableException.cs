using DataTasks.Core;

namespace DataTasks;

/// <summary>
/// The entry exists but its file cannot be provided: offline with the file missing, the remote unreachable or refusing,
/// a corrupt object, or a local file that differs from the manifest (never overwritten). <see cref="DataArtifactException.Code"/>
/// is the stable DataTasks error code (docs/errors.md), and the message starts with it.
/// </summary>
public sealed class DataArtifactUnavailableException : DataArtifactException
{
    private const string DefaultMessage = "The data artifact cannot be provided.";

    /// <summary>Creates the exception with a generic message and code DT0807.</summary>
    public DataArtifactUnavailableException()
        : this(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and code DT0807.</summary>
    public DataArtifactUnavailableException(string message)
        : base(ErrorCodes.ArtifactUnavailable, string.Empty, message, null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, the exception that caused it, and code DT0807.</summary>
    public DataArtifactUnavailableException(string message, Exception innerException)
        : base(ErrorCodes.ArtifactUnavailable, string.Empty, message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="path"/>; the message is <c>&lt;code&gt;: &lt;message&gt;</c>.</summary>
    /// <param name="path">The manifest path that was asked for.</param>
    /// <param name="code">The stable error code, such as <see cref="ErrorCodes.OfflineMissing"/>.</param>
    /// <param name="message">What happened and what to do, without the code.</param>
    /// <param name="innerException">The underlying exception, or null.</param>
    public DataArtifactUnavailableException(string path, string code, string message, Exception? innerException = null)
        : base(code, path, $"{code}: {message}", innerException)
    {
    }

    internal static DataArtifactUnavailableException From(string path, DataTasksException ex) => new(path, ex.Code, SecretRedactor.Redact(ex.Message), ex);
}
