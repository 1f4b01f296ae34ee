namespace DataTasks.Tests;

/// <summary>
/// A data repository on disk as a clone sees it: artifacts.json with keys, .datatasks/config.json naming a folder
/// remote that holds the objects, an empty data/ and a private machine cache. Deleted on dispose.
/// </summary>
internal sealed class RuntimeRepo : RepoFolders
{
    private readonly Dictionary<string, (string? Key, long Size)> entries = new(StringComparer.Ordinal);

    public RuntimeRepo(string? under = null)
        : base(under ?? NewBase("dt-runtime-tests"))
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Remote);
        Directory.CreateDirectory(Path.Join(Root, ".datatasks"));
        File.WriteAllText(Path.Join(Root, ".datatasks", "config.json"), $$"""{"remote": "{{Remote.Replace("\\", "/")}}"}""");
        SaveManifest();
    }

    /// <summary>Records an entry whose object is on the remote (pushed) but not in the tree.</summary>
    public byte[] AddPushed(string entryPath, int size, int seed)
    {
        var bytes = TestBytes.Seeded(size, seed);
        AddPushedBytes(entryPath, bytes);
        return bytes;
    }

    /// <summary>Records an entry with exactly these bytes on the remote (pushed) but not in the tree.</summary>
    public void AddPushedBytes(string entryPath, byte[] bytes)
    {
        entries[entryPath] = (PutRemoteObject(bytes), bytes.Length);
        SaveManifest();
    }

    /// <summary>Records an entry without a key (added, never pushed), optionally with the file present.</summary>
    public void AddUnpushed(string entryPath, byte[]? present)
    {
        entries[entryPath] = (null, present?.Length ?? 10);
        if (present is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(entryPath))!);
            File.WriteAllBytes(PathOf(entryPath), present);
        }

        SaveManifest();
    }

    public DataArtifactResolver Resolver(bool offline = false, string? appDirectory = null) => new(new DataArtifactResolverOptions
    {
        RepositoryRoot = Root,
        CacheDirectory = Cache,
        Offline = offline,
        AppDirectory = appDirectory ?? Path.Join(Base, "app"),
    });

    private void SaveManifest() => WriteManifest(entries.Select(e => (e.Key, e.Value.Key, e.Value.Size)), "2026-11-23T12:00:00Z");
}
