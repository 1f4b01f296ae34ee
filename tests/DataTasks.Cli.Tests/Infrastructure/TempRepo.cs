using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DataTasks.Cli.Tests.Infrastructure;

/// <summary>
/// A throw-away test world under the system temp folder: a real git repository (<see cref="Root"/>), a folder remote
/// (<see cref="Remote"/>), a private machine cache (<see cref="Cache"/>) and a fake home. Every in-process run passes
/// --cache-dir <see cref="Cache"/>; every child process gets DATATASKS_CACHE_DIR, so ~/.cache is never touched.
/// Everything is deleted on dispose.
/// </summary>
internal sealed class TempRepo : IDisposable
{
    private TempRepo(string baseDirectory)
    {
        Base = baseDirectory;
    }

    /// <summary>The folder holding everything this test created.</summary>
    public string Base { get; }

    /// <summary>The repository root (holds artifacts.json after init).</summary>
    public string Root => Path.Join(Base, "repo");

    /// <summary>The folder remote.</summary>
    public string Remote => Path.Join(Base, "remote");

    /// <summary>The machine cache.</summary>
    public string Cache => Path.Join(Base, "cache");

    /// <summary>A fake HOME for child processes.</summary>
    public string Home => Path.Join(Base, "home");

    public string ManifestPath => Path.Join(Root, "artifacts.json");

    /// <summary>Creates the folders and a git repository; with <paramref name="init"/>, runs 'init --remote &lt;Remote&gt;' (the remote folder is created).</summary>
    public static async Task<TempRepo> CreateAsync(bool init = true, bool withRemote = true)
    {
        var repo = CreateBare();
        RunGit(repo.Root, "init", "-q");
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
        var dir = Path.Join(Path.GetTempPath(), "dt-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        var repo = new TempRepo(dir);
        Directory.CreateDirectory(repo.Root);
        return repo;
    }

    public string PathOf(string repoPath) => Path.Join(Root, repoPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes deterministic pseudo-random bytes (distinct per seed) and returns them.</summary>
    public byte[] WriteRandom(string repoPath, int size, int seed)
    {
        var bytes = RandomBytes(size, seed);
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

    /// <summary>Writes a version-2 manifest whose entries have the given keys (null = not pushed) and sizes.</summary>
    public void WriteManifest(IEnumerable<(string Path, string? Key, long Size)> entries)
    {
        var obj = new JsonObject();
        foreach (var (path, key, size) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            obj[path] = new JsonObject { ["storage_key"] = key, ["size"] = size, ["created_at"] = "2024-01-02T03:04:05Z" };
        }

        var root = new JsonObject { ["version"] = 2, ["entries"] = obj };
        File.WriteAllText(ManifestPath, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>Puts an object straight into the remote folder and returns its key.</summary>
    public string PutRemoteObject(byte[] content)
    {
        var key = Sha256(content);
        Directory.CreateDirectory(Remote);
        File.WriteAllBytes(Path.Join(Remote, key), content);
        return key;
    }

    /// <summary>
    /// Deterministic incompressible bytes, distinct per seed: a seeded 64 KB random block, repeated with every 64 KB
    /// chunk stamped with the seed and the chunk number (seeded System.Random is too slow for hundreds of MB).
    /// </summary>
    public static byte[] RandomBytes(int size, int seed)
    {
        const int Block = 64 * 1024;
        var block = new byte[Math.Min(size, Block)];
        new Random(seed).NextBytes(block);
        var bytes = new byte[size];
        for (int offset = 0, chunk = 0; offset < size; offset += Block, chunk++)
        {
            var n = Math.Min(Block, size - offset);
            block.AsSpan(0, n).CopyTo(bytes.AsSpan(offset, n));
            if (n >= 8)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(offset, 4), seed);
                BitConverter.TryWriteBytes(bytes.AsSpan(offset + 4, 4), chunk);
            }
        }

        return bytes;
    }

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

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static string Sha256File(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(fs)).ToLowerInvariant();
    }

    public static void RunGit(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            Assert.Fail("git did not finish");
        }

        Assert.AreEqual(0, p.ExitCode, $"git {string.Join(' ', args)} failed: {err.Result}");
    }

    public void Dispose() => DeleteDirectory(Base);

    /// <summary>Deletes a folder tree, making read-only files (cache objects) writable first when needed.</summary>
    public static void DeleteDirectory(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                {
                    try
                    {
                        File.SetAttributes(f, FileAttributes.Normal);
                        if (!OperatingSystem.IsWindows())
                        {
                            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                        }
                    }
                    catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
                    {
                    }
                }

                Thread.Sleep(50);
            }
        }

        Directory.Delete(dir, recursive: true);
    }
}
