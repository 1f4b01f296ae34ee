using System.Text;
using System.Text.Json.Nodes;

namespace DataTasks.Tasks.Tests.Infrastructure;

/// <summary>
/// A throw-away world: a git repository (<see cref="RepoFolders.Root"/>) with artifacts.json and a folder remote
/// configured in .datatasks/config.json (<see cref="RepoFolders.Remote"/>), and a private machine cache
/// (<see cref="RepoFolders.Cache"/>). <see cref="Create"/> adds the nuget.config of end-to-end builds (which packs the
/// SDK on first use); <see cref="CreateRepository"/> is the same repository for tasks run in-process, with no package
/// in sight. Deleted on dispose.
/// </summary>
internal sealed class TempWorld : RepoFolders
{
    private const string CreatedAt = "2026-01-02T03:04:05Z";

    private readonly Dictionary<string, (string? Key, long Size)> entries = new(StringComparer.Ordinal);

    private TempWorld(string baseDirectory)
        : base(baseDirectory)
    {
    }

    /// <summary>The SDK package version end-to-end projects reference (known without packing).</summary>
    public static string SdkVersion => PackedFeed.Version;

    /// <summary>A world for end-to-end builds: the repository, and a nuget.config that finds the packed SDK (packed now if no earlier run did).</summary>
    public static TempWorld Create()
    {
        var world = CreateRepository();
        world.Write("nuget.config", PackedFeed.NuGetConfig(PackedFeed.LibraryFeed()));
        return world;
    }

    /// <summary>A world for tasks run in-process: the git repository, its folder remote and an empty manifest; no feed.</summary>
    public static TempWorld CreateRepository()
    {
        var world = new TempWorld(NewBase("dt-tasks-tests"));
        Directory.CreateDirectory(world.Root);
        Directory.CreateDirectory(world.Remote);
        GitRunner.Run(world.Root, "init", "-q");
        world.Write(".gitignore", "data/\nbin/\nobj/\n.datatasks/state/\n");
        world.Write(".datatasks/config.json", new JsonObject { ["remote"] = world.Remote }.ToJsonString() + "\n");
        world.SaveManifest();
        return world;
    }

    /// <summary>Writes a UTF-8 text file (creating its folder) at a '/' path below the root.</summary>
    public void Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
    }

    /// <summary>Writes a file's bytes (creating its folder) at a '/' path below the root and returns its full path.</summary>
    public string WriteBytes(string relative, byte[] content)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Tracks <paramref name="content"/> at <paramref name="entryPath"/>: the object goes to the remote, the entry to artifacts.json; the working tree stays empty (a fresh clone).</summary>
    public string Track(string entryPath, byte[] content)
    {
        var key = PutRemoteObject(content);
        entries[entryPath] = (key, content.Length);
        SaveManifest();
        return key;
    }

    /// <summary>Records an entry that was added but not pushed (storage_key null), with its file on disk.</summary>
    public void AddUnpushed(string entryPath, byte[] content)
    {
        WriteBytes(entryPath, content);
        entries[entryPath] = (null, content.Length);
        SaveManifest();
    }

    /// <summary>
    /// A second repository at <paramref name="folder"/> (a '/' path below the root) tracking <paramref name="files"/> in
    /// its own artifacts.json, with its own folder remote holding their objects (outside the root); returns that remote.
    /// The namespace is not named in export.json: <see cref="WriteExportMap"/> does that.
    /// </summary>
    public string AddNamespace(string folder, params (string Path, byte[] Content)[] files)
    {
        var remote = Path.Join(Base, "remote-" + folder.Replace('/', '-'));
        Directory.CreateDirectory(remote);
        var manifestEntries = new JsonObject();
        foreach (var (path, content) in files)
        {
            var key = TestHash.Sha256(content);
            File.WriteAllBytes(Path.Join(remote, key), content);
            manifestEntries[path] = new JsonObject { ["storage_key"] = key, ["size"] = content.Length, ["created_at"] = CreatedAt };
        }

        Write($"{folder}/artifacts.json", new JsonObject { ["version"] = 2, ["entries"] = manifestEntries }.ToJsonString() + "\n");
        Write($"{folder}/.datatasks/config.json", new JsonObject { ["remote"] = remote }.ToJsonString() + "\n");
        return remote;
    }

    /// <summary>Writes export.json at the root, mapping each namespace name to its folder.</summary>
    public void WriteExportMap(params (string Name, string Folder)[] namespaces)
    {
        var map = new JsonObject();
        foreach (var (name, folder) in namespaces)
        {
            map[name] = folder;
        }

        Write("export.json", map.ToJsonString() + "\n");
    }

    /// <summary>artifacts.json as it is on disk now.</summary>
    public string ManifestText => File.ReadAllText(ManifestPath);

    /// <summary>The storage_key artifacts.json records now for <paramref name="entryPath"/>.</summary>
    public string? KeyInManifest(string entryPath) =>
        JsonNode.Parse(ManifestText)!["entries"]![entryPath]!["storage_key"]?.GetValue<string>();

    private void SaveManifest() => WriteManifest(entries.Select(e => (e.Key, e.Value.Key, e.Value.Size)), CreatedAt);

    /// <summary>Runs dotnet in <paramref name="directory"/> with this world's cache and the packed feed's packages folder.</summary>
    public ProcessResult Dotnet(string directory, params string[] args) =>
        Infrastructure.Dotnet.Run(directory, [.. args, "-nologo", "-tl:off"], new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = PackedFeed.Packages,
            ["DATATASKS_CACHE_DIR"] = Cache,
        });

    /// <summary>Runs dotnet and fails the test unless it succeeds.</summary>
    public ProcessResult DotnetOk(string directory, params string[] args)
    {
        var result = Dotnet(directory, args);
        Assert.AreEqual(0, result.ExitCode, $"dotnet {string.Join(' ', args)} in {directory}\n{result.Output}");
        return result;
    }

    /// <summary>Commits everything and clones the repository to <c>clone/</c> next to it: no data/, no bin/, no obj/.</summary>
    public string CommitAndClone()
    {
        Commit();
        var clone = Path.Join(Base, "clone");
        GitRunner.Run(Base, "clone", "-q", Root, clone);
        return clone;
    }

    /// <summary>Commits everything in the repository.</summary>
    public void Commit()
    {
        GitRunner.Run(Root, "add", "-A");
        GitRunner.Run(Root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "data");
    }

    /// <summary>A net10.0 project in the <c>&lt;Sdk Name="DataTasks.Sdk"&gt;</c> form, with <paramref name="items"/> in its ItemGroup (line 7 on).</summary>
    public static string SdkProject(string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <Sdk Name="DataTasks.Sdk" Version="{SdkVersion}" />
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            {items}
          </ItemGroup>
        </Project>
        """;
}
