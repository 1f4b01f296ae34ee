namespace DataTasks;

/// <summary>The data of <see cref="DataArtifactResolver.Hydrated"/>: a missing artifact was put in place.</summary>
public sealed class DataArtifactHydratedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="artifactPath">The manifest path.</param>
    /// <param name="fullPath">Where the file now is.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="fromRemote">True when it was downloaded; false when the machine cache already had it.</param>
    public DataArtifactHydratedEventArgs(string artifactPath, string fullPath, long size, bool fromRemote)
    {
        ArgumentNullException.ThrowIfNull(artifactPath);
        ArgumentNullException.ThrowIfNull(fullPath);
        ArtifactPath = artifactPath;
        FullPath = fullPath;
        Size = size;
        FromRemote = fromRemote;
    }

    /// <summary>The manifest path.</summary>
    public string ArtifactPath { get; }

    /// <summary>Where the file now is.</summary>
    public string FullPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long Size { get; }

    /// <summary>True when it was downloaded; false when the machine cache already had it.</summary>
    public bool FromRemote { get; }
}
