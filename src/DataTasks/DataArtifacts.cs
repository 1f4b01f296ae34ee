using System.Diagnostics.CodeAnalysis;

namespace DataTasks;

/// <summary>
/// Resolve data artifacts by their manifest path: <c>DataArtifacts.Resolve("data/models/a.onnx")</c> returns a local
/// file with the exact content artifacts.json pins, downloading it on first use. Uses one shared
/// <see cref="DataArtifactResolver"/> with default options; create your own resolver for other options.
/// </summary>
public static class DataArtifacts
{
    private static readonly Lazy<DataArtifactResolver> Shared = new(() => new DataArtifactResolver());

    /// <summary>The resolver behind the static methods.</summary>
    public static DataArtifactResolver Default => Shared.Value;

    /// <summary>The repository root (folder of artifacts.json) that paths without a namespace resolve in.</summary>
    public static string FindRoot() => Default.FindRoot();

    /// <summary>
    /// The local path of <paramref name="path"/> (in namespace <paramref name="namespaceName"/> of export.json when given),
    /// hydrated when missing. Throws <see cref="DataArtifactNotFoundException"/> when no manifest has it (or it was
    /// never pushed) and <see cref="DataArtifactUnavailableException"/> when it cannot be provided.
    /// </summary>
    public static string Resolve(string path, string? namespaceName = null) =>
        Default.ResolveAsync(path, namespaceName).GetAwaiter().GetResult();

    /// <summary>Expands the template (<c>data/{model}/{version}/model.pt</c>) with the public properties of <paramref name="values"/>, then resolves it.</summary>
    public static string Resolve<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string template, string? namespaceName, T values) =>
        Default.ResolveAsync(template, namespaceName, values).GetAwaiter().GetResult();

    /// <inheritdoc cref="Resolve(string, string?)"/>
    public static Task<string> ResolveAsync(string path, string? namespaceName = null, CancellationToken cancellationToken = default) =>
        Default.ResolveAsync(path, namespaceName, cancellationToken);

    /// <inheritdoc cref="Resolve{T}(string, string?, T)"/>
    public static Task<string> ResolveAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string template, string? namespaceName, T values, CancellationToken cancellationToken = default) =>
        Default.ResolveAsync(template, namespaceName, values, cancellationToken);

    /// <summary>
    /// Begins a run named <paramref name="name"/> in the repository of <see cref="Default"/>: the entries resolved while
    /// it is current become the inputs of the outputs <see cref="DataArtifactRun.CompleteAsync"/> adds. Dispose it
    /// (a <c>using</c>); disposed without completing, it records nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or holds a control character.</exception>
    /// <exception cref="DataArtifactNotFoundException">There is no repository to record in (DT0806).</exception>
    public static DataArtifactRun BeginRun(string name) => Default.BeginRun(name);
}
