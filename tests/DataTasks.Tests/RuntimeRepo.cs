using System.Security.Cryptography;
using System.Text;

namespace DataTasks.Tests;

/// <summary>
/// A data repository on disk as a clone sees it: artifacts.json with keys, .datatasks/config.json naming a folder
/// remote that holds the objects, an empty data/ and a private machine cache. Deleted on dispose.
/// </summary>
internal sealed class RuntimeRepo : IDisposable
{
    private readonly Dictionary<string, (string? Key, long Size)> entries = new(StringComparer.Ordinal);

    public RuntimeRepo(string? under = null)
    {
        Base = under ?? Path.Join(Path.GetTempPath(), "dt-runtime-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Remote);
        Directory.CreateDirectory(Path.Join(Root, ".datatasks"));
        File.WriteAllText(Path.Join(Root, ".datatasks", "config.json"), $$"""{"remote": "{{Remote.Replace("\\", "/")}}"}""");
        SaveManifest();
    }

    public string Base { get; }

    public string Root => Path.Join(Base, "repo");

    public string Remote => Path.Join(Base, "remote");

    public string Cache => Path.Join(Base, "cache");

    public string ManifestFile => Path.Join(Root, "artifacts.json");

    public string PathOf(string entryPath) => Path.Join(Root, entryPath);

    public static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Records an entry whose object is on the remote (pushed) but not in the tree.</summary>
    public byte[] AddPushed(string entryPath, int size, int seed)
    {
        var bytes = RandomBytes(size, seed);
        var key = Sha256(bytes);
        File.WriteAllBytes(Path.Join(Remote, key), bytes);
        entries[entryPath] = (key, bytes.Length);
        SaveManifest();
        return bytes;
    }

    /// <summary>Records an entry with exactly these bytes on the remote (pushed) but not in the tree.</summary>
    public void AddPushedBytes(string entryPath, byte[] bytes)
    {
        var key = Sha256(bytes);
        File.WriteAllBytes(Path.Join(Remote, key), bytes);
        entries[entryPath] = (key, bytes.Length);
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

    private void SaveManifest()
    {
        var sb = new StringBuilder("{\n  \"version\": 2,\n  \"entries\": {");
        var first = true;
        foreach (var (path, (key, size)) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? "\n" : ",\n");
            first = false;
            var keyJson = key is null ? "null" : $"\"{key}\"";
            sb.Append($"    \"{path}\": {{ \"storage_key\": {keyJson}, \"size\": {size}, \"created_at\": \"2026-11-23T12:00:00Z\" }}");
        }

        sb.Append("\n  }\n}\n");
        File.WriteAllText(ManifestFile, sb.ToString());
    }

    public void Dispose()
    {
        if (!Directory.Exists(Base))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(Base, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Base, recursive: true);
    }
}
