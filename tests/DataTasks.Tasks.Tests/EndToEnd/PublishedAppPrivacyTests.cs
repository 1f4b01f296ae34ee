using System.Text;
using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// A published app carries no path of the build machine, and once moved away from the checkout it was built in it writes
/// nowhere but its own folder unless told where the repository is (DATATASKS_REPOSITORY); run from bin/ in the checkout
/// it still hydrates there, as <c>dotnet run</c> always did.
/// </summary>
[TestClass]
public sealed class PublishedAppPrivacyTests
{
    private const string Program = """
        using DataTasks;

        foreach (var path in args)
        {
            try
            {
                var file = DataArtifacts.Resolve(path);
                var where = file.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal) ? "app" : "repository";
                Console.WriteLine($"resolved {path} {new FileInfo(file).Length} {where}");
            }
            catch (DataArtifactNotFoundException e)
            {
                Console.WriteLine($"not found {path}: {e.Message}");
            }
        }
        """;

    [TestMethod]
    public void PublishedApp_CarriesNoBuildPath_AndMovedAwayWritesOnlyWhereConfigured()
    {
        using var world = TempWorld.Create();
        var model = TestBytes.Seeded(1500, 41);
        var extra = TestBytes.Seeded(700, 42);
        world.Track("data/models/m.bin", model);
        world.Track("data/extra.bin", extra);
        world.Write("src/App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="DataTasks.Sdk" Version="{TempWorld.SdkVersion}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DataTasks" Version="{TempWorld.SdkVersion}" />
                <DataArtifact Include="../../data/models/*.bin" Pack="true" />
              </ItemGroup>
            </Project>
            """);
        world.Write("src/App/Program.cs", Program);
        var clone = world.CommitAndClone();
        var app = Path.Join(clone, "src", "App");
        var env = new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = world.Cache, ["DATATASKS_REPOSITORY"] = null };

        // 1. From bin/ in the checkout (any working directory): the copy next to the app, and an entry not copied is
        //    hydrated in the checkout, as before. The record next to the app holds no absolute path.
        world.DotnetOk(app, "build");
        var bin = Path.Join(app, "bin", "Debug", "net10.0");
        var record = File.ReadAllText(Path.Join(bin, "DataTasks.runtime.json"));
        Assert.IsFalse(record.Contains(clone, StringComparison.Ordinal), record);
        var fromBin = Dotnet.Run(world.Base, [Path.Join(bin, "App.dll"), "data/models/m.bin", "data/extra.bin"], env);
        StringAssert.Contains(fromBin.Output, "resolved data/models/m.bin 1500 app");
        StringAssert.Contains(fromBin.Output, "resolved data/extra.bin 700 repository");
        CollectionAssert.AreEqual(extra, File.ReadAllBytes(Path.Join(clone, "data", "extra.bin")));
        File.Delete(Path.Join(clone, "data", "extra.bin"));

        // 2. Publish: no file of the output names the checkout (the compiler's own paths are mapped, as in CI).
        var published = Path.Join(clone, "out");
        world.DotnetOk(app, "publish", "-o", published, "-p:ContinuousIntegrationBuild=true");
        Assert.IsTrue(File.Exists(Path.Join(published, "data", "models", "m.bin")), "publish takes the data");
        var leaks = Directory.GetFiles(published, "*", SearchOption.AllDirectories)
            .Where(f => Contains(File.ReadAllBytes(f), clone)).Select(f => Path.GetRelativePath(published, f)).ToList();
        Assert.AreEqual(0, leaks.Count, "files naming the build checkout: " + string.Join(", ", leaks));

        // 2b. Pack: the same for every entry of the package, which has the data and no runtime record.
        var packages = Path.Join(world.Base, "nupkgs");
        world.DotnetOk(app, "pack", "-o", packages, "-p:ContinuousIntegrationBuild=true");
        using (var nupkg = System.IO.Compression.ZipFile.OpenRead(Directory.GetFiles(packages, "*.nupkg").Single()))
        {
            var names = nupkg.Entries.Select(e => e.FullName).ToList();
            CollectionAssert.Contains(names, "data/models/m.bin", string.Join(", ", names));
            Assert.IsFalse(names.Any(n => n.EndsWith("DataTasks.runtime.json", StringComparison.Ordinal)), string.Join(", ", names));
            var packedLeaks = nupkg.Entries.Where(e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return Contains(copy.ToArray(), clone);
            }).Select(e => e.FullName).ToList();
            Assert.AreEqual(0, packedLeaks.Count, "package entries naming the build checkout: " + string.Join(", ", packedLeaks));
        }

        // 3. Moved away and run from inside the checkout: its own copy works, a missing file is not found, and nothing
        //    is written to the checkout or the machine cache.
        var moved = Path.Join(world.Base, "moved");
        Directory.Move(published, moved);
        var before = Snapshot(clone) + Snapshot(world.Cache);
        var run = Dotnet.Run(app, [Path.Join(moved, "App.dll"), "data/models/m.bin", "data/extra.bin"], env);
        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "resolved data/models/m.bin 1500 app");
        StringAssert.Contains(run.Output, "not found data/extra.bin");
        StringAssert.Contains(run.Output, "DATATASKS_REPOSITORY");
        Assert.AreEqual(before, Snapshot(clone) + Snapshot(world.Cache), "the moved app wrote to the checkout or the cache");

        // 4. Configured: DATATASKS_REPOSITORY names the repository to hydrate in.
        var configured = Dotnet.Run(world.Base, [Path.Join(moved, "App.dll"), "data/extra.bin"], new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = world.Cache, ["DATATASKS_REPOSITORY"] = clone });
        StringAssert.Contains(configured.Output, "resolved data/extra.bin 700 repository");
        CollectionAssert.AreEqual(extra, File.ReadAllBytes(Path.Join(clone, "data", "extra.bin")));
    }

    private static bool Contains(byte[] content, string text) =>
        content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || content.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;

    /// <summary>Every file and folder under <paramref name="dir"/> with its size and modification time.</summary>
    private static string Snapshot(string dir) => !Directory.Exists(dir) ? string.Empty : string.Join("\n",
        Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {(File.Exists(f) ? new FileInfo(f).Length : -1)} {File.GetLastWriteTimeUtc(f).Ticks}")) + "\n";
}
