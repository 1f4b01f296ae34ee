using DataTasks.Core;

namespace DataTasks;

/// <summary>
/// The path is in no manifest (<see cref="ErrorCodes.ArtifactNotInManifest">DT0804</see>), its entry has no storage
/// key yet and no file on disk (added but never pushed, <see cref="ErrorCodes.ArtifactNeverPushed">DT0805</see>), or
/// there is no manifest to look in (<see cref="ErrorCodes.NoManifestToResolveIn">DT0806</see>; an unknown namespace
/// carries DT0702, a missing export.json DT0705): there is nothing to resolve it to. The message names the manifest
/// that was searched.
/// </summary>
public sealed class DataArtifactNotFoundException : DataArtifactException
{
    private const string DefaultMessage = "The data artifact is in no manifest.";

    /// <summary>Creates the exception with a generic message and code DT0804.</summary>
    public DataArtifactNotFoundException()
        : this(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and code DT0804.</summary>
    public DataArtifactNotFoundException(string message)
        : base(ErrorCodes.ArtifactNotInManifest, string.Empty, message, null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, the exception that caused it, and code DT0804.</summary>
    public DataArtifactNotFoundException(string message, Exception innerException)
        : base(ErrorCodes.ArtifactNotInManifest, string.Empty, message, innerException)
    {
    }

    /// <summary>Creates the exception (code DT0804) for <paramref name="path"/> looked up in <paramref name="manifestFile"/>.</summary>
    public DataArtifactNotFoundException(string path, string? manifestFile, string message)
        : this(path, ErrorCodes.ArtifactNotInManifest, manifestFile, message, null)
    {
    }

    /// <summary>Creates the exception with its stable <paramref name="code"/> for <paramref name="path"/> looked up in <paramref name="manifestFile"/>.</summary>
    /// <param name="path">The manifest path that was asked for.</param>
    /// <param name="code">The stable error code, such as <see cref="ErrorCodes.ArtifactNeverPushed"/>.</param>
    /// <param name="manifestFile">The artifacts.json searched, or null when none could be found.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The underlying exception, or null.</param>
    public DataArtifactNotFoundException(string path, string code, string? manifestFile, string message, Exception? innerException)
        : base(code, path, message, innerException)
    {
        ManifestFile = manifestFile;
    }

    /// <summary>The artifacts.json searched, or null when none could be found.</summary>
    public string? ManifestFile { get; }
}
