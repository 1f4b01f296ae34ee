namespace DataTasks.Core.Manifest;

/// <summary>
/// A manifest with the bytes it was parsed from. Reading it again for a change (under the manifest lock) reuses the
/// earlier parse when the file still holds exactly those bytes, as a 100,000-entry manifest takes far longer to parse
/// than to compare; and the untouched original tells a change that was undone from a real one without serializing the
/// manifest before and after.
/// </summary>
internal sealed class LoadedManifest
{
    private readonly int originalChanges;

    private LoadedManifest(byte[] bytes, DataManifest manifest, DataManifest original)
    {
        Bytes = bytes;
        Manifest = manifest;
        Original = original;
        originalChanges = original.Changes;
    }

    /// <summary>The file's bytes when it was read.</summary>
    public byte[] Bytes { get; }

    /// <summary>The manifest parsed from <see cref="Bytes"/>.</summary>
    public DataManifest Manifest { get; }

    /// <summary>
    /// What <see cref="Manifest"/> held when it was read: the same object after <see cref="Read"/>, an untouched one
    /// after <see cref="ReadForChange"/> (until <see cref="OriginalIntact"/> says otherwise).
    /// </summary>
    public DataManifest Original { get; }

    /// <summary>True while <see cref="Original"/> still holds what was read.</summary>
    public bool OriginalIntact => Original.Changes == originalChanges;

    /// <summary>Reads and validates <paramref name="file"/>.</summary>
    public static LoadedManifest Read(string file)
    {
        var bytes = ManifestReader.ReadBytes(file);
        var manifest = ManifestReader.Parse(bytes, file);
        return new LoadedManifest(bytes, manifest, manifest);
    }

    /// <summary>
    /// Reads and validates <paramref name="file"/> to change it: <see cref="Manifest"/> is a new object and
    /// <see cref="Original"/> an untouched one. When <paramref name="previous"/> (the caller's earlier read) came from
    /// the same bytes and is unchanged, <see cref="Manifest"/> is a copy of it (no second parse) and it is the original.
    /// </summary>
    public static LoadedManifest ReadForChange(string file, LoadedManifest? previous)
    {
        var bytes = ManifestReader.ReadBytes(file);
        if (previous is { OriginalIntact: true } && bytes.AsSpan().SequenceEqual(previous.Bytes))
        {
            return new LoadedManifest(bytes, previous.Original.Clone(), previous.Original);
        }

        var manifest = ManifestReader.Parse(bytes, file);
        return new LoadedManifest(bytes, manifest, manifest.Clone());
    }
}
