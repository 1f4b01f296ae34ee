using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// Failures are one clear DT diagnostic at the right file and line, never a silent no-op or a stack trace. Uses the
/// third consumption form: &lt;Sdk Name="DataTasks.Sdk" /&gt; with the version pinned in global.json msbuild-sdks. One
/// build per scenario; what the tasks decide on their own (offline, a broken manifest, the extern problems) is tested
/// in-process in Unit/.
/// </summary>
[TestClass]
public sealed class DiagnosticsTests
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <Sdk Name="DataTasks.Sdk" />
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <DataArtifact Include="../data/{0}/*.onnx" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>A world tracking data/models/a.onnx (not on disk) and App/App.csproj selecting <c>../data/<paramref name="folder"/>/*.onnx</c>; returns App/.</summary>
    private static string App(TempWorld world, string folder)
    {
        world.Track("data/models/a.onnx", TestBytes.Seeded(1000, 21));
        world.Write("global.json", $$"""{ "msbuild-sdks": { "DataTasks.Sdk": "{{TempWorld.SdkVersion}}" } }""");
        world.Write("App/App.csproj", string.Format(System.Globalization.CultureInfo.InvariantCulture, Project, folder));
        world.Write("App/Class1.cs", "namespace App; public static class Class1 { }\n");
        return world.PathOf("App");
    }

    [TestMethod]
    public void GlobSelectingNothing_FailsTheBuildAtItsLine_WithoutAStackTrace()
    {
        using var world = TempWorld.Create();
        var typo = world.Dotnet(App(world, "modles"), "build");
        Assert.AreNotEqual(0, typo.ExitCode, typo.Output);
        StringAssert.Contains(typo.Output, "App.csproj(7");
        StringAssert.Contains(typo.Output, "error DT0601: DataArtifact '../data/modles/*.onnx' selects no entry of artifacts.json");
        Assert.IsFalse(typo.Output.Contains("   at ", StringComparison.Ordinal), "no stack trace\n" + typo.Output);
    }

    [TestMethod]
    public void DesignTimeBuild_ResolvesItems_ButNeverHydrates()
    {
        using var world = TempWorld.Create();
        var app = App(world, "models");

        // The IDE's builds resolve items but never touch the network: with the remote gone, nothing fails.
        Directory.Move(world.Remote, world.Remote + ".gone");
        world.DotnetOk(app, "msbuild", "-restore", "-t:DataTasksIncludeFiles", "-p:DesignTimeBuild=true");
        Assert.IsFalse(File.Exists(world.PathOf("data/models/a.onnx")), "a design-time build must not hydrate");
    }

    [TestMethod]
    public void Offline_WithAnEmptyMachineCache_FailsWithDT0801_AndFetchesNothing()
    {
        using var world = TempWorld.Create();
        var offline = world.Dotnet(App(world, "models"), "build", "-p:DataTasksOffline=true");
        Assert.AreNotEqual(0, offline.ExitCode, offline.Output);
        StringAssert.Contains(offline.Output, "error DT0801: cannot hydrate data/models/a.onnx: network access is off (DataTasksOffline is true)");
        Assert.IsFalse(File.Exists(world.PathOf("data/models/a.onnx")));
    }

    [TestMethod]
    public void HydrationOff_AMissingFileIsDT0605_NotShippedAsNothing()
    {
        using var world = TempWorld.Create();
        var noHydrate = world.Dotnet(App(world, "models"), "build", "-p:DataTasksHydrateOnBuild=false");
        Assert.AreNotEqual(0, noHydrate.ExitCode, noHydrate.Output);
        StringAssert.Contains(noHydrate.Output, "error DT0605: data/models/a.onnx is not on disk and DataTasksHydrateOnBuild is false");
    }
}
