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
        var source = Path.Join(SolutionRoot.Find(), "samples", "sdk-app");
        var sample = Path.Join(world.Base, "sdk-app");
        // What a clone has: the committed files, without anything a build or a run made.
        var made = new[] { "bin", "obj", ".feed", ".packages", "data", "shared/data" };
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (made.Any(m => relative.StartsWith(m + "/", StringComparison.Ordinal)) || relative is "global.json" or "nuget.config")
            {
                continue;
            }

            var target = Path.Join(sample, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // The sample pins the SDK in global.json; here the pin is this run's version and the feed is this run's.
        var globalJson = File.ReadAllText(Path.Join(source, "global.json"));
        File.WriteAllText(Path.Join(sample, "global.json"), System.Text.RegularExpressions.Regex.Replace(globalJson, "\"DataTasks.Sdk\": \"[^\"]+\"", $"\"DataTasks.Sdk\": \"{TempWorld.SdkVersion}\""));
        File.WriteAllText(Path.Join(sample, "nuget.config"), PackedFeed.NuGetConfig(PackedFeed.LibraryFeed()));

        var build = world.DotnetOk(sample, "build", $"-p:DataTasksCacheDir={Path.Join(world.Base, "sample-cache")}", $"-p:DataTasksPackageVersion={TempWorld.SdkVersion}");
        Assert.AreEqual(3, build.DownloadedFromRemote, build.Output);
        Assert.IsTrue(Directory.Exists(Path.Join(world.Base, "sample-cache", "objects")), "DataTasksCacheDir must choose the machine cache");
        // The app resolves its own files (typed and by path) and the "shared" namespace's file (<DataArtifact Extern>) from
        // the copies next to it.
        var run = Dotnet.Run(sample, [Path.Join(sample, "bin", "Debug", "net10.0", "SdkApp.dll"), "great", "and", "fast"], new Dictionary<string, string?> { ["DATATASKS_CACHE_DIR"] = Path.Join(world.Base, "sample-cache") });
        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "model: data/models/sentiment-v1.model (12 weights), 5 stopwords from namespace shared");
        Assert.IsTrue(File.Exists(Path.Join(sample, "shared", "data", "stopwords.txt")), "the extern file was hydrated into its namespace");
        Assert.IsTrue(File.Exists(Path.Join(sample, "bin", "Debug", "net10.0", "extern", "shared", "data", "stopwords.txt")), "and copied next to the app under extern/shared/");
        Assert.IsTrue(File.Exists(Path.Join(sample, "bin", "Debug", "net10.0", "DataTasks.runtime.json")), "the build records its manifest next to the app");
        Assert.IsFalse(build.Output.Contains("DT0901", StringComparison.Ordinal), "every path the sample resolves is in its manifest\n" + build.Output);

        // The build hands the "shared" namespace's manifest to the analyzer: a namespaceName path that namespace lacks is
        // warning DT0901 at the argument.
        File.AppendAllText(Path.Join(sample, "Program.cs"), "\nstatic class Dangling { static string P() => DataArtifacts.Resolve(\"data/missing.txt\", namespaceName: \"shared\"); }\n");
        var dangling = world.DotnetOk(sample, "build", $"-p:DataTasksCacheDir={Path.Join(world.Base, "sample-cache")}", $"-p:DataTasksPackageVersion={TempWorld.SdkVersion}");
        StringAssert.Contains(dangling.Output, "warning DT0901: 'data/missing.txt' is not an entry of", dangling.Output);
        StringAssert.Contains(dangling.Output, "(namespace shared)", dangling.Output);
        StringAssert.Contains(run.Output, "\"great and fast\" -> positive (score 3.0)");
    }
}
