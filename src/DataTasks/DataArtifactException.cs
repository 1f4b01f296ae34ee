namespace DataTasks;

/// <summary>
/// A manifest path could not be resolved to a file: the base of <see cref="DataArtifactNotFoundException"/> (nothing
/// to resolve it to) and <see cref="DataArtifactUnavailableException"/> (an entry whose file cannot be provided).
/// Catch this type to handle both; <see cref="Code"/> tells the causes apart.
/// </summary>
public abstract class DataArtifactException : Exception
{
    /// <summary>Creates the exception with the stable <paramref name="code"/> and the path that was asked for.</summary>
    /// <param name="code">The stable DataTasks error code (DTnnnn, listed in docs/errors.md).</param>
    /// <param name="artifactPath">The manifest path that was asked for; empty when the failure concerns no one path.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The underlying exception, or null.</param>
    protected DataArtifactException(string code, string artifactPath, string? message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(artifactPath);
        Code = code;
        ArtifactPath = artifactPath;
    }

    /// <summary>
    /// The stable DataTasks error code (docs/errors.md): DT0804–DT0806 or a namespace code (DT07xx) when the path
    /// resolves to nothing, DT0801 offline, DT0802 a local file that differs, DT0301 a corrupt object, DT02xx remote
    /// errors. Codes never change meaning, so code can branch on them.
    /// </summary>
    public string Code { get; }

    /// <summary>The manifest path that was asked for; empty when not known (a standard constructor was used).</summary>
    public string ArtifactPath { get; }
}
