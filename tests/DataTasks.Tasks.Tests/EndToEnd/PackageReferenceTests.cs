using System.IO.Compression;
using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// The &lt;PackageReference Include="DataTasks.Sdk" PrivateAssets="all" /&gt; form: a parallel build of a solution whose
/// projects and target frameworks (net8.0;net10.0) need the same objects fetches each once; pack takes Pack=true
/// files into the nupkg and, with DataTasksPushOnPack, pushes an added file and records its key. Two scenarios, a
/// world each; what the push task decides on its own is in Unit/PushDataArtifactsTests.
/// </summary>
[TestClass]
public sealed class PackageReferenceTests
{
    private static readonly byte[] One = TestBytes.Seeded(4000, 11);
    private static readonly byte[] Two = TestBytes.Seeded(5000, 12);
    private static readonly byte[] Fresh = TestBytes.Seeded(600, 13);

    /// <summary>
    /// A solution of Lib (net8.0;net10.0, the data/shared glob) and Tool (the data/shared folder and the added, never
    /// pushed data/new/n.bin, both Pack=true), each referencing the SDK package.
    /// </summary>
    private static TempWorld World()
    {
        var world = TempWorld.Create();
        world.Track("data/shared/one.bin", One);
        world.Track("data/shared/two.bin", Two);
        world.AddUnpushed("data/new/n.bin", Fresh);
        var reference = $"""<PackageReference Include="DataTasks.Sdk" Version="{TempWorld.SdkVersion}" PrivateAssets="all" />""";
        world.Write("src/Lib/Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup>
                {reference}
                <DataArtifact Include="../../data/shared/**/*.bin" />
              </ItemGroup>
            </Project>
            """);
        world.Write("src/Lib/Class1.cs", "namespace Lib; public static class Class1 { }\n");
        world.Write("src/Tool/Tool.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PackageId>Acme.Tool</PackageId>
                <Version>1.0.0</Version>
              </PropertyGroup>
              <ItemGroup>
                {reference}
                <DataArtifact Include="../../data/shared" Pack="true" />
                <DataArtifact Include="../../data/new/n.bin" Pack="true" PackagePath="models/" />
              </ItemGroup>
            </Project>
            """);
        world.Write("src/Tool/Class1.cs", "namespace Tool; public static class Class1 { }\n");
        world.Write("all.slnx", """
            <Solution>
              <Project Path="src/Lib/Lib.csproj" />
              <Project Path="src/Tool/Tool.csproj" />
            </Solution>
            """);
        return world;
    }

    [TestMethod]
    public void ParallelMultiTargetBuild_DownloadsEachObjectOnce()
    {
        using var world = World();
        // Three hydrations (Lib net8.0, Lib net10.0, Tool) in parallel nodes; two objects cross the network, once each.
        var build = world.DotnetOk(world.Root, "build", "all.slnx", "-m:3");
        Assert.AreEqual(3, build.HydrateSummaries.Count, build.Output);
        Assert.AreEqual(2, build.DownloadedFromRemote, build.Output);
        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            CollectionAssert.AreEqual(One, File.ReadAllBytes(world.PathOf($"src/Lib/bin/Debug/{tfm}/data/shared/one.bin")));
            CollectionAssert.AreEqual(Two, File.ReadAllBytes(world.PathOf($"src/Lib/bin/Debug/{tfm}/data/shared/two.bin")));
        }

        CollectionAssert.AreEqual(Fresh, File.ReadAllBytes(world.PathOf("src/Tool/bin/Debug/net10.0/data/new/n.bin")));
    }

    [TestMethod]
    public void Pack_TakesPackFilesWherePackagePathSays_AndPushOnPackRecordsTheAddedFile()
    {
        using var world = World();
        // Pack: the files are in the package where PackagePath says; then the added file is pushed and recorded.
        Assert.IsNull(world.KeyInManifest("data/new/n.bin"));
        var output = Path.Join(world.Base, "nupkgs");
        var pack = world.DotnetOk(world.PathOf("src/Tool"), "pack", "-o", output, "-p:DataTasksPushOnPack=true");
        StringAssert.Contains(pack.Output, "pushed 1 file (");
        using (var nupkg = ZipFile.OpenRead(Path.Join(output, "Acme.Tool.1.0.0.nupkg")))
        {
            var names = nupkg.Entries.Select(e => e.FullName).ToList();
            CollectionAssert.Contains(names, "data/shared/one.bin", string.Join(", ", names));
            CollectionAssert.Contains(names, "data/shared/two.bin", string.Join(", ", names));
            CollectionAssert.Contains(names, "models/n.bin", string.Join(", ", names));
            using var packed = nupkg.GetEntry("data/shared/one.bin")!.Open();
            using var copy = new MemoryStream();
            packed.CopyTo(copy);
            CollectionAssert.AreEqual(One, copy.ToArray());
        }

        var key = TestHash.Sha256(Fresh);
        Assert.AreEqual(key, world.KeyInManifest("data/new/n.bin"), world.ManifestText);
        CollectionAssert.AreEqual(Fresh, File.ReadAllBytes(Path.Join(world.Remote, key)));
    }
}
