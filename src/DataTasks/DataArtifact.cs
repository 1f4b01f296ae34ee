namespace DataTasks;

/// <summary>
/// One manifest entry as a value: what the typed tree generated from artifacts.json hands out
/// (<c>Artifacts.Data.Pesto.V1_4_1.Model_pt.Resolve()</c>), so a removed entry is a compile error.
/// </summary>
/// <param name="Path">The manifest path.</param>
/// <param name="Namespace">The export.json namespace, or null for this repository.</param>
public readonly record struct DataArtifact(string Path, string? Namespace = null)
{
    /// <summary>The local file, hydrated when missing (see <see cref="DataArtifacts.Resolve(string, string?)"/>).</summary>
    public string Resolve() => DataArtifacts.Resolve(Path, Namespace);

    /// <summary>The local file, hydrated when missing.</summary>
    public Task<string> ResolveAsync(CancellationToken cancellationToken = default) => DataArtifacts.ResolveAsync(Path, Namespace, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Namespace is null ? Path : $"{Namespace}:{Path}";
}
