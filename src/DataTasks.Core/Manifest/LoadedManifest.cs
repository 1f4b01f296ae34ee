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
        if (previous is { OriginalIntact: true } && HasBytes(file, previous.Bytes))
        {
            // Compared piece by piece, so a large manifest is not held twice.
            return new LoadedManifest(previous.Bytes, previous.Original.Clone(), previous.Original);
        }

        var bytes = ManifestReader.ReadBytes(file);

        var manifest = ManifestReader.Parse(bytes, file);
        return new LoadedManifest(bytes, manifest, manifest.Clone());
    }

    /// <summary>True when <paramref name="file"/> holds exactly <paramref name="expected"/>; false when it differs or cannot be read.</summary>
    private static bool HasBytes(string file, byte[] expected)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            if (stream.Length != expected.Length)
            {
                return false;
            }

            var buffer = new byte[Math.Min(expected.Length, 1 << 16)];
            var at = 0;
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                if (at + n > expected.Length || !buffer.AsSpan(0, n).SequenceEqual(expected.AsSpan(at, n)))
                {
                    return false;
                }

                at += n;
            }

            return at == expected.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the full read reports it
        }
    }
}
