using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataTasks.TestSupport;

/// <summary>
/// What every throw-away data repository of the tests has: a base folder holding the repository root, a folder remote
/// outside it (like a network share) and a private machine cache, all deleted on dispose.
/// </summary>
public abstract class RepoFolders : IDisposable
{
    /// <summary>Takes <paramref name="baseDirectory"/> as the folder that holds everything; nothing is created yet.</summary>
    protected RepoFolders(string baseDirectory)
    {
        Base = baseDirectory;
    }

    /// <summary>The folder holding everything this test created.</summary>
    public string Base { get; }

    /// <summary>The repository root (the folder of artifacts.json).</summary>
    public string Root => Path.Join(Base, "repo");

    /// <summary>The folder remote.</summary>
    public string Remote => Path.Join(Base, "remote");

    /// <summary>The machine cache.</summary>
    public string Cache => Path.Join(Base, "cache");

    /// <summary>artifacts.json at the root.</summary>
    public string ManifestPath => Path.Join(Root, "artifacts.json");

    /// <summary>A unique folder under <c>&lt;temp&gt;/&lt;suite&gt;</c>, outside any repository so no Directory.Build.props or git applies.</summary>
    protected static string NewBase(string suite) => Path.Join(Path.GetTempPath(), suite, Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The full path of a '/' separated path below the root.</summary>
    public string PathOf(string repoPath) => Path.Join(Root, repoPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Puts an object straight into the remote folder (named by its key, as a push stores it) and returns the key.</summary>
    public string PutRemoteObject(byte[] content)
    {
        var key = TestHash.Sha256(content);
        Directory.CreateDirectory(Remote);
        File.WriteAllBytes(Path.Join(Remote, key), content);
        return key;
    }

    /// <summary>Writes a version-2 artifacts.json whose entries have the given keys (null = not pushed) and sizes.</summary>
    public void WriteManifest(IEnumerable<(string Path, string? Key, long Size)> entries, string createdAt = "2024-01-02T03:04:05Z")
    {
        var obj = new JsonObject();
        foreach (var (path, key, size) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            obj[path] = new JsonObject { ["storage_key"] = key, ["size"] = size, ["created_at"] = createdAt };
        }

        var root = new JsonObject { ["version"] = 2, ["entries"] = obj };
        Directory.CreateDirectory(Root);
        File.WriteAllText(ManifestPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>Deletes <see cref="Base"/>.</summary>
    public void Dispose()
    {
        TempDir.DeleteDirectory(Base);
        GC.SuppressFinalize(this);
    }
}
