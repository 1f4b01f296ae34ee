using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DataTasks.Tasks.Tests.Infrastructure;

/// <summary>
/// A throw-away world for end-to-end builds: a git repository (<see cref="Root"/>) with artifacts.json and a folder
/// remote configured in .datatasks/config.json (<see cref="Remote"/>), a private machine cache (<see cref="Cache"/>),
/// and a nuget.config that finds this run's SDK package. Deleted on dispose.
/// </summary>
internal sealed class TempWorld : IDisposable
{
    private readonly Dictionary<string, (string? Key, long Size)> entries = new(StringComparer.Ordinal);

    private TempWorld(string baseDirectory)
    {
        Base = baseDirectory;
    }

    public string Base { get; }

    /// <summary>The repository root: the folder of artifacts.json.</summary>
    public string Root => Path.Join(Base, "repo");

    /// <summary>The folder remote (outside the repository, like a network share).</summary>
    public string Remote => Path.Join(Base, "remote");

    /// <summary>The machine cache every build of this world uses (DATATASKS_CACHE_DIR).</summary>
    public string Cache => Path.Join(Base, "cache");

    public static TempWorld Create()
    {
        var world = new TempWorld(Path.Join(SdkPackage.Root, "w-" + Guid.NewGuid().ToString("N")[..10]));
        Directory.CreateDirectory(world.Root);
        Directory.CreateDirectory(world.Remote);
        Git(world.Root, "init", "-q");
        world.Write(".gitignore", "data/\nbin/\nobj/\n.datatasks/state/\n");
        world.Write(".datatasks/config.json", $"{{\"remote\": \"{world.Remote}\"}}\n");
        world.Write("nuget.config", SdkPackage.NuGetConfig());
        world.SaveManifest();
        return world;
    }

    public string PathOf(string relative) => Path.Join(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
    }

    /// <summary>Tracks <paramref name="content"/> at <paramref name="entryPath"/>: the object goes to the remote, the entry to artifacts.json; the working tree stays empty (a fresh clone).</summary>
    public string Track(string entryPath, byte[] content)
    {
        var key = Sha256(content);
        File.WriteAllBytes(Path.Join(Remote, key), content);
        entries[entryPath] = (key, content.Length);
        SaveManifest();
        return key;
    }

    /// <summary>Records an entry that was added but not pushed (storage_key null), with its file on disk.</summary>
    public void AddUnpushed(string entryPath, byte[] content)
    {
        var full = PathOf(entryPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        entries[entryPath] = (null, content.Length);
        SaveManifest();
    }

    public string ManifestText => File.ReadAllText(PathOf("artifacts.json"));

    /// <summary>The storage_key artifacts.json records now for <paramref name="entryPath"/>.</summary>
    public string? KeyInManifest(string entryPath) =>
        JsonNode.Parse(ManifestText)!["entries"]![entryPath]!["storage_key"]?.GetValue<string>();

    private void SaveManifest()
    {
        var obj = new JsonObject();
        foreach (var (path, (key, size)) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            obj[path] = new JsonObject { ["storage_key"] = key, ["size"] = size, ["created_at"] = "2026-01-02T03:04:05Z" };
        }

        var root = new JsonObject { ["version"] = 2, ["entries"] = obj };
        Write("artifacts.json", root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Runs dotnet in <paramref name="directory"/> with this world's cache and the run's isolated packages folder.</summary>
    public ProcessResult Dotnet(string directory, params string[] args) =>
        Infrastructure.Dotnet.Run(directory, [.. args, "-nologo", "-tl:off"], new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = SdkPackage.Packages,
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
        Git(Root, "add", "-A");
        Git(Root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "data");
        var clone = Path.Join(Base, "clone");
        Git(Base, "clone", "-q", Root, clone);
        return clone;
    }

    /// <summary>A net10.0 project in the <c>&lt;Sdk Name="DataTasks.Sdk"&gt;</c> form, with <paramref name="items"/> in its ItemGroup (line 7 on).</summary>
    public static string SdkProject(string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <Sdk Name="DataTasks.Sdk" Version="{SdkPackage.Version}" />
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            {items}
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// Deterministic bytes, distinct per seed, shaped like a tiny model file.
    /// </summary>
    public static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static void Git(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, $"git {string.Join(' ', args)} failed: {err.Result}");
    }

    public void Dispose() => DeleteDirectory(Base);

    /// <summary>Deletes a folder tree, making read-only files (cache objects) writable first.</summary>
    public static void DeleteDirectory(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(f, FileAttributes.Normal);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Directory.Delete(dir, recursive: true);
    }
}
