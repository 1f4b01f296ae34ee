using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// Failures are one clear DT diagnostic at the right file and line, never a silent no-op or a stack trace. Uses the
/// third consumption form: &lt;Sdk Name="DataTasks.Sdk" /&gt; with the version pinned in global.json msbuild-sdks.
/// </summary>
[TestClass]
public sealed class DiagnosticsTests
{
    [TestMethod]
    public void TypoOfflineBrokenManifestAndDesignTime_ReportDtDiagnosticsAtTheirSource()
    {
        using var world = TempWorld.Create();
        world.Track("data/models/a.onnx", TempWorld.Bytes(1000, 21));
        world.Write("global.json", $$"""{ "msbuild-sdks": { "DataTasks.Sdk": "{{SdkPackage.Version}}" } }""");
        const string Project = """
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
        world.Write("App/App.csproj", string.Format(System.Globalization.CultureInfo.InvariantCulture, Project, "modles"));
        world.Write("App/Class1.cs", "namespace App; public static class Class1 { }\n");
        var app = world.PathOf("App");

        // A glob that selects nothing fails at its line: it never hydrates nothing silently.
        var typo = world.Dotnet(app, "build");
        Assert.AreNotEqual(0, typo.ExitCode, typo.Output);
        StringAssert.Contains(typo.Output, "App.csproj(7");
        StringAssert.Contains(typo.Output, "error DT0601: DataArtifact '../data/modles/*.onnx' selects no entry of artifacts.json");
        Assert.IsFalse(typo.Output.Contains("   at ", StringComparison.Ordinal), "no stack trace\n" + typo.Output);

        // Design-time builds (the IDE) resolve items but never touch the network, even with the remote gone.
        world.Write("App/App.csproj", string.Format(System.Globalization.CultureInfo.InvariantCulture, Project, "models"));
        Directory.Move(world.Remote, world.Remote + ".gone");
        world.DotnetOk(app, "msbuild", "-restore", "-t:DataTasksIncludeFiles", "-p:DesignTimeBuild=true");
        Assert.IsFalse(File.Exists(world.PathOf("data/models/a.onnx")), "a design-time build must not hydrate");

        // Offline with an empty machine cache: one DT0801, nothing fetched (the remote is there again).
        Directory.Move(world.Remote + ".gone", world.Remote);
        var offline = world.Dotnet(app, "build", "-p:DataTasksOffline=true");
        Assert.AreNotEqual(0, offline.ExitCode, offline.Output);
        StringAssert.Contains(offline.Output, "error DT0801: cannot hydrate data/models/a.onnx: network access is off (DataTasksOffline is true)");
        Assert.IsFalse(File.Exists(world.PathOf("data/models/a.onnx")));

        // With hydration off, a missing file is reported, not shipped as nothing.
        var noHydrate = world.Dotnet(app, "build", "-p:DataTasksHydrateOnBuild=false");
        Assert.AreNotEqual(0, noHydrate.ExitCode, noHydrate.Output);
        StringAssert.Contains(noHydrate.Output, "error DT0605: data/models/a.onnx is not on disk and DataTasksHydrateOnBuild is false");

        // A broken manifest points at artifacts.json and the line of the problem.
        world.Write("artifacts.json", "{\n  \"version\": 2,\n  \"entries\": {,\n}\n");
        var broken = world.Dotnet(app, "build");
        Assert.AreNotEqual(0, broken.ExitCode, broken.Output);
        StringAssert.Contains(broken.Output, "artifacts.json(3,");
        StringAssert.Contains(broken.Output, "error DT0101:");
    }
}
