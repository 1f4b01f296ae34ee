namespace DataTasks;

/// <summary>A missing artifact was put in place by <see cref="DataArtifactResolver"/>.</summary>
/// <param name="ArtifactPath">The manifest path.</param>
/// <param name="FullPath">Where the file now is.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="FromRemote">True when it was downloaded; false when the machine cache already had it.</param>
public sealed record DataArtifactHydratedEventArgs(string ArtifactPath, string FullPath, long Size, bool FromRemote);
