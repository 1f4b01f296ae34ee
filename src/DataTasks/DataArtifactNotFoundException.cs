namespace DataTasks;

/// <summary>
/// The path is in no manifest, or its entry has no storage key yet (added but never pushed), so there is nothing to
/// resolve it to. The message names the manifest that was searched.
/// </summary>
public sealed class DataArtifactNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> looked up in <paramref name="manifestFile"/>.</summary>
    public DataArtifactNotFoundException(string path, string? manifestFile, string message)
        : base(message)
    {
        ArtifactPath = path;
        ManifestFile = manifestFile;
    }

    /// <summary>The manifest path that was asked for.</summary>
    public string ArtifactPath { get; }

    /// <summary>The artifacts.json searched, or null when none could be found.</summary>
    public string? ManifestFile { get; }
}
