using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// &lt;DataArtifact&gt; globs written the way MSBuild files are written: in Directory.Build.props with
/// <c>$(MSBuildThisFileDirectory)</c>, through a property naming the folder, under a Condition. On a fresh clone no file
/// matches them, so MSBuild drops them at evaluation; the build must still select exactly what MSBuild would once the
/// files exist, in both consumption forms, and a glob that selects nothing must fail the build, never warn and ship
/// an app without its data.
/// </summary>
[TestClass]
public sealed class PropertyGlobTests
{
    private static readonly byte[] Model = TestBytes.Seeded(2000, 31);
    private static readonly byte[] Table = TestBytes.Seeded(300, 32);
    private static readonly byte[] Debug = TestBytes.Seeded(100, 33);

    /// <summary>
    /// A repository with a Directory.Build.props glob, A (the &lt;Sdk&gt; form, that glob only), B (a glob through
    /// $(TableDir), with <paramref name="tableGlob"/> as its file part) and C (Debug and Release globs under Conditions),
    /// committed and cloned; returns the clone, which has no data/.
    /// </summary>
    private static string FreshClone(TempWorld world, string tableGlob = "*.csv")
    {
        world.Track("data/models/m.onnx", Model);
        world.Track("data/tables/t.csv", Table);
        world.Track("data/debug/d.txt", Debug);
        world.Track("data/release/r.txt", TestBytes.Seeded(50, 34));
        world.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TableDir>$(MSBuildThisFileDirectory)data/tables</TableDir>
              </PropertyGroup>
              <ItemGroup>
                <DataArtifact Include="$(MSBuildThisFileDirectory)data/models/*.onnx" />
              </ItemGroup>
            </Project>
            """);

        // A: the <Sdk> form, only the Directory.Build.props item. B and C: the PackageReference form.
        world.Write("src/A/A.csproj", TempWorld.SdkProject(string.Empty));
        var reference = $"""<PackageReference Include="DataTasks.Sdk" Version="{TempWorld.SdkVersion}" PrivateAssets="all" />""";
        world.Write("src/B/B.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                {reference}
                <DataArtifact Include="$(TableDir)/{tableGlob}" Link="tables/" />
              </ItemGroup>
            </Project>
            """);
        world.Write("src/C/C.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                {reference}
              </ItemGroup>
              <ItemGroup Condition="'$(Configuration)' == 'Debug'">
                <DataArtifact Include="../../data/debug/*.txt" />
              </ItemGroup>
              <ItemGroup Condition="'$(Configuration)' == 'Release'">
                <DataArtifact Include="../../data/release/*.txt" />
              </ItemGroup>
            </Project>
            """);
        foreach (var name in new[] { "A", "B", "C" })
        {
            world.Write($"src/{name}/Class1.cs", $"namespace {name}; public static class Class1 {{ }}\n");
        }

        world.Write("all.slnx", """
            <Solution>
              <Project Path="src/A/A.csproj" />
              <Project Path="src/B/B.csproj" />
              <Project Path="src/C/C.csproj" />
            </Solution>
            """);
        var clone = world.CommitAndClone();
        Assert.IsFalse(Directory.Exists(Path.Join(clone, "data")), "a fresh clone has no data/");
        return clone;
    }

    [TestMethod]
    public void FreshCloneSolution_PropertyAndConditionalGlobs_HydrateAndCopyLikeMSBuild()
    {
        using var world = TempWorld.Create();
        var clone = FreshClone(world);
        var build = world.DotnetOk(clone, "build", "all.slnx", "-m:1");
        Assert.IsFalse(build.Output.Contains("warning DT", StringComparison.Ordinal), build.Output);
        string Bin(string project, string path) => Path.Join(clone, "src", project, "bin", "Debug", "net10.0", path);

        // Every project gets the Directory.Build.props model; B its property-defined folder; C its Debug data only.
        foreach (var name in new[] { "A", "B", "C" })
        {
            CollectionAssert.AreEqual(Model, File.ReadAllBytes(Bin(name, "data/models/m.onnx")), name);
        }

        CollectionAssert.AreEqual(Table, File.ReadAllBytes(Bin("B", "tables/t.csv")));
        CollectionAssert.AreEqual(Debug, File.ReadAllBytes(Bin("C", "data/debug/d.txt")));
        Assert.IsFalse(File.Exists(Bin("C", "data/release/r.txt")), "a false Condition selects nothing");
        Assert.IsFalse(File.Exists(Path.Join(clone, "data", "release", "r.txt")), "a false Condition hydrates nothing");
        Assert.IsFalse(File.Exists(Bin("A", "tables/t.csv")), "B's item is B's alone");
    }

    [TestMethod]
    public void PropertyGlobSelectingNothing_IsDT0601_AtItsLine()
    {
        // An error, not a warning and a build without data.
        using var world = TempWorld.Create();
        var clone = FreshClone(world, tableGlob: "*.tsv");
        var typo = world.Dotnet(Path.Join(clone, "src", "B"), "build");
        Assert.AreNotEqual(0, typo.ExitCode, typo.Output);
        StringAssert.Contains(typo.Output, "B.csproj(7");
        StringAssert.Contains(typo.Output, "error DT0601:");
        StringAssert.Contains(typo.Output, "data/tables/*.tsv");
    }
}
