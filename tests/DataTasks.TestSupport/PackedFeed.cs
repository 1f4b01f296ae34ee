using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DataTasks.TestSupport;

/// <summary>
/// The packages as users get them, packed with the real 'dotnet pack' once for every test assembly and run: under
/// <c>artifacts/obj/packed-feed/&lt;hash&gt;</c> of the solution, where the hash covers every source and build file the
/// packages are made of. A file lock makes two assemblies running side by side pack once; a later run with the same
/// sources reuses the packages; an edit makes a new hash, hence a new folder and a version no packages folder has seen.
/// </summary>
public static class PackedFeed
{
    private static readonly Lazy<string> Hash = new(InputHash);
    private static readonly object Gate = new();

    /// <summary>The folder of this source state: feeds, packages folder and pack output.</summary>
    public static string Folder => Path.Join(SolutionRoot.Find(), "artifacts", "obj", "packed-feed", Hash.Value[..16]);

    /// <summary>The version of the library packages (DataTasks.Sdk, DataTasks.Core, DataTasks): unique to this source state.</summary>
    public static string Version => "0.0.0-test." + Hash.Value[..12];

    /// <summary>The global packages folder the SDK's builds share (NUGET_PACKAGES); a version never changes content, so it is safe to reuse.</summary>
    public static string Packages => Path.Join(Folder, "packages");

    /// <summary>The local feed of DataTasks.Sdk, DataTasks.Core and DataTasks at <see cref="Version"/>, packed on first use.</summary>
    public static string LibraryFeed()
    {
        var feed = Path.Join(Folder, "feed");
        Ensure("library", feed, () =>
        {
            foreach (var (project, id) in new[] { ("sdk/DataTasks.Sdk", "DataTasks.Sdk"), ("src/DataTasks.Core", "DataTasks.Core"), ("src/DataTasks", "DataTasks") })
            {
                Pack(project, feed, "-c", "Release", "-p:Version=" + Version);
                Assert.IsTrue(File.Exists(Path.Join(feed, $"{id}.{Version}.nupkg")), $"pack made no {id}.{Version}.nupkg");
            }
        });
        return feed;
    }

    /// <summary>
    /// The local feed of the DataTasks.Cli tool at its own version (--version must say what users see), packed on first
    /// use: the framework-dependent package, the 'any' package and, on linux-x64, the native AOT package.
    /// </summary>
    public static string ToolFeed()
    {
        var feed = Path.Join(Folder, "tool-feed");
        Ensure("tool", feed, () =>
        {
            Pack("src/DataTasks.Cli", feed);
            Pack("src/DataTasks.Cli", feed, "-r", "any");
            if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
            {
                Pack("src/DataTasks.Cli", feed, "-r", "linux-x64");
            }
        });
        return feed;
    }

    /// <summary>
    /// The project file of a small console app that references the packed DataTasks library (<see cref="LibraryFeed"/>):
    /// what a user's program looks like.
    /// </summary>
    /// <param name="rootNamespace">The app's root namespace, or null for the default (the project name).</param>
    public static string LibraryAppProject(string? rootNamespace = null) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>{(rootNamespace is null ? "" : $"\n    <RootNamespace>{rootNamespace}</RootNamespace>")}
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="DataTasks" Version="{Version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// A nuget.config for a test project restoring from <paramref name="feed"/> (from <see cref="LibraryFeed"/> or
    /// <see cref="ToolFeed"/>) besides the machine's own sources (inherited from the user configuration, which points at
    /// this machine's mirror), with the user's global packages folder as a read-only fallback so that targeting packs and
    /// other packages are not downloaded again into <see cref="Packages"/>.
    /// </summary>
    public static string NuGetConfig(string feed)
    {
        var fallback = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        fallback = string.IsNullOrEmpty(fallback) ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages") : fallback;
        var fallbackXml = Directory.Exists(fallback) && !string.Equals(Path.GetFullPath(fallback), Path.GetFullPath(Packages), StringComparison.Ordinal) ? $"""
              <fallbackPackageFolders>
                <add key="user" value="{fallback}" />
              </fallbackPackageFolders>
            """ : string.Empty;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="datatasks-test-feed" value="{feed}" />
              </packageSources>
            {fallbackXml}
            </configuration>
            """;
    }

    /// <summary>Runs <paramref name="pack"/> into <paramref name="feed"/> unless a finished run left its marker, one process at a time.</summary>
    private static void Ensure(string name, string feed, Action pack)
    {
        lock (Gate)
        {
            var done = Path.Join(Folder, name + ".done");
            if (File.Exists(done))
            {
                return;
            }

            Directory.CreateDirectory(Folder);
            using var fileLock = AcquireLock(Path.Join(Folder, name + ".lock"), TimeSpan.FromMinutes(20));
            if (File.Exists(done))
            {
                return; // another test assembly packed while this one waited for the lock
            }

            TempDir.DeleteDirectory(feed); // what an interrupted run left is incomplete
            pack();
            File.WriteAllText(done, DateTime.UtcNow.ToString("O"));
            PruneOtherStates();
        }
    }

    private static void Pack(string project, string feed, params string[] extra)
    {
        var root = SolutionRoot.Find();
        string[] args = ["pack", Path.Join(root, project), "-o", feed, "--artifacts-path", Path.Join(Folder, "pack"), "-nologo", .. extra];
        var (exitCode, output) = DotnetProcess.Run(root, args, new Dictionary<string, string?>(), TimeSpan.FromMinutes(15));
        Assert.AreEqual(0, exitCode, $"dotnet {string.Join(' ', args)} failed\n{output}");
    }

    /// <summary>An exclusive lock on <paramref name="path"/> (flock on Unix), waited for up to <paramref name="timeout"/>.</summary>
    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>Deletes the folders of source states older than a day; a run may still use a recent one.</summary>
    private static void PruneOtherStates()
    {
        var parent = Path.GetDirectoryName(Folder)!;
        foreach (var other in Directory.EnumerateDirectories(parent))
        {
            if (!string.Equals(other, Folder, StringComparison.Ordinal) && Directory.GetLastWriteTimeUtc(other) < DateTime.UtcNow.AddDays(-1))
            {
                try
                {
                    TempDir.DeleteDirectory(other);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another worktree's run may hold it; the next prune tries again.
                }
            }
        }
    }

    /// <summary>SHA-256 over the path and bytes of every file under src/ and sdk/ (build output aside) and the root build files.</summary>
    private static string InputHash()
    {
        var root = SolutionRoot.Find();
        var files = new[] { "src", "sdk" }
            .Select(d => Path.Join(root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config" }.Select(f => Path.Join(root, f)).Where(File.Exists))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Join(root, file))));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj");
}
