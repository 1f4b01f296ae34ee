using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// samples/sdk-app as a user gets it from a fresh clone (no data/), built with this run's SDK package through its
/// global.json msbuild-sdks pin, then run: the app loads the model the build hydrated from the bundled remote.
/// </summary>
[TestClass]
public sealed class SampleTests
{
    [TestMethod]
    public void SdkAppSample_BuildsFromItsBundledRemote_AndLoadsTheModel()
    {
        using var world = TempWorld.Create();
        var source = Path.Join(SdkPackage.SolutionRoot(), "samples", "sdk-app");
        var sample = Path.Join(world.Base, "sdk-app");
        foreach (var file in new[] { "SdkApp.csproj", "Program.cs", "artifacts.json", ".datatasks/config.json" }
            .Concat(Directory.GetFiles(Path.Join(source, "remote")).Select(f => "remote/" + Path.GetFileName(f))))
        {
            var target = Path.Join(sample, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Join(source, file), target);
        }

        // The sample pins the SDK in global.json; here the pin is this run's version and the feed is this run's.
        var globalJson = File.ReadAllText(Path.Join(source, "global.json"));
        File.WriteAllText(Path.Join(sample, "global.json"), System.Text.RegularExpressions.Regex.Replace(globalJson, "\"DataTasks.Sdk\": \"[^\"]+\"", $"\"DataTasks.Sdk\": \"{SdkPackage.Version}\""));
        File.WriteAllText(Path.Join(sample, "nuget.config"), SdkPackage.NuGetConfig());

        var build = world.DotnetOk(sample, "build", $"-p:DataTasksCacheDir={Path.Join(world.Base, "sample-cache")}");
        Assert.AreEqual(2, build.DownloadedFromRemote, build.Output);
        Assert.IsTrue(Directory.Exists(Path.Join(world.Base, "sample-cache", "objects")), "DataTasksCacheDir must choose the machine cache");
        var run = Dotnet.Run(sample, [Path.Join(sample, "bin", "Debug", "net10.0", "SdkApp.dll"), "great", "and", "fast"], new Dictionary<string, string?>());
        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "model: data/models/sentiment-v1.model (12 weights)");
        StringAssert.Contains(run.Output, "\"great and fast\" -> positive (score 3.0)");
    }
}
