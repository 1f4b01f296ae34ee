using System.Text;
using System.Text.Json.Nodes;

namespace DataTasks.Cli.Tests.Infrastructure;

/// <summary>
/// A throw-away test world under the system temp folder: a real git repository (<see cref="Root"/>), a folder remote
/// (<see cref="Remote"/>), a private machine cache (<see cref="Cache"/>) and a fake home. Every in-process run passes
/// --cache-dir <see cref="Cache"/>; every child process gets DATATASKS_CACHE_DIR, so ~/.cache is never touched.
/// Everything is deleted on dispose.
/// </summary>
internal sealed class TempRepo : RepoFolders
{
    private TempRepo(string baseDirectory)
        : base(baseDirectory)
    {
    }

    /// <summary>A fake HOME for child processes.</summary>
    public string Home => Path.Join(Base, "home");

    /// <summary>Creates the folders and a git repository; with <paramref name="init"/>, runs 'init --remote &lt;Remote&gt;' (the remote folder is created).</summary>
    public static async Task<TempRepo> CreateAsync(bool init = true, bool withRemote = true)
    {
        var repo = CreateBare();
        GitRunner.Run(repo.Root, "init", "-q");
        if (withRemote)
        {
            Directory.CreateDirectory(repo.Remote);
        }

        if (init)
        {
            var args = withRemote ? new[] { "init", "--remote", repo.Remote } : ["init"];
            var result = await repo.RunAsync(args);
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.IsTrue(File.Exists(repo.ManifestPath), "init did not create artifacts.json");
        }

        return repo;
    }

    /// <summary>Only the base folder and an empty root; no git, no init.</summary>
    public static TempRepo CreateBare()
    {
        var repo = new TempRepo(NewBase("dt-cli-tests"));
        Directory.CreateDirectory(repo.Root);
        return repo;
    }

    /// <summary>Writes deterministic pseudo-random bytes (distinct per seed) and returns them.</summary>
    public byte[] WriteRandom(string repoPath, int size, int seed)
    {
        var bytes = TestBytes.Seeded(size, seed);
        WriteBytes(repoPath, bytes);
        return bytes;
    }

    public void WriteBytes(string repoPath, byte[] bytes)
    {
        var full = PathOf(repoPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    public void WriteText(string repoPath, string text) => WriteBytes(repoPath, new UTF8Encoding(false).GetBytes(text));

    public byte[] Read(string repoPath) => File.ReadAllBytes(PathOf(repoPath));

    public bool Exists(string repoPath) => File.Exists(PathOf(repoPath));

    /// <summary>Runs the CLI in-process at the repository root with this repo's machine cache.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunInAsync(Root, args);

    /// <summary>Runs the CLI in-process in <paramref name="workingDirectory"/> with this repo's machine cache.</summary>
    public Task<CliResult> RunInAsync(string workingDirectory, params string[] args) =>
        CliRunner.RunInProcessAsync(["--cache-dir", Cache, .. args], workingDirectory);

    /// <summary>Runs the CLI in-process and fails the test unless it exits 0.</summary>
    public async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.AreEqual(0, result.ExitCode, $"dotnet data {string.Join(' ', args)}\n{result}");
        return result;
    }

    /// <summary>Runs the real tool as a child process at the root; DATATASKS_CACHE_DIR is this repo's cache unless overridden.</summary>
    public Task<CliResult> RunProcessAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        CliRunner.RunProcessAsync(workingDirectory ?? Root, args, Home, WithDefaultCache(environment));

    /// <summary>Starts the real tool as a child process at the root.</summary>
    public RunningTool StartProcess(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        CliRunner.Start(Root, args, Home, WithDefaultCache(environment));

    private Dictionary<string, string?> WithDefaultCache(IReadOnlyDictionary<string, string?>? environment)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal) { ["DATATASKS_CACHE_DIR"] = Cache };
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                env[k] = v;
            }
        }

        return env;
    }

    public string ManifestText => File.ReadAllText(ManifestPath, Encoding.UTF8);

    public JsonObject Manifest => (JsonObject)JsonNode.Parse(ManifestText)!;

    public JsonObject Entries => (JsonObject)Manifest["entries"]!;

    /// <summary>The storage_key of an entry (null when not pushed); fails when the entry is absent.</summary>
    public string? StorageKey(string path)
    {
        var entry = Entries[path] as JsonObject;
        Assert.IsNotNull(entry, $"no entry {path} in artifacts.json:\n{ManifestText}");
        return entry["storage_key"]?.GetValue<string>();
    }

    /// <summary>The path of an object in the machine cache.</summary>
    public string CacheObject(string key) => Path.Join(Cache, "objects", key[..2], key);

    public string[] RemoteFiles() =>
        Directory.Exists(Remote) ? Directory.GetFiles(Remote, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Remote, f)).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>
    /// True when any file under <paramref name="folder"/> has bytes. Temp files are renamed away while a tool writes,
    /// so a file that vanishes between listing and stat counts as not there rather than failing the probe.
    /// </summary>
    public static bool AnyNonEmptyFile(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return false;
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                try
                {
                    if (new FileInfo(file).Length > 0)
                    {
                        return true;
                    }
                }
                catch (FileNotFoundException)
                {
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }

        return false;
    }
}
