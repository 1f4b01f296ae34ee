namespace DataTasks.Tests;

/// <summary>
/// The DataTasks package as a user gets it: from the local feed <see cref="PackedFeed"/> packs once per run (with
/// DataTasks.Core), restored into a fresh console app, built with the real dotnet CLI, and run. The analyzer must
/// report a dangling path as warning DT0901 at its argument, the generated typed tree must compile, and the app must
/// hydrate its artifact from the folder remote at run time.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    [TestMethod]
    [Timeout(1_200_000, CooperativeCancellation = true)]
    public void PackedPackage_AnalyzerWarnsDT0901_TypedTreeCompiles_AndTheAppHydratesItsArtifact()
    {
        using var repo = new RuntimeRepo();
        var feed = PackedFeed.LibraryFeed();
        var env = new Dictionary<string, string?>
        {
            // A package version never changes content, so the packages folder of this source state is safe to share.
            ["NUGET_PACKAGES"] = PackedFeed.Packages,
            ["DATATASKS_CACHE_DIR"] = repo.Cache,
        };

        // The app lives in the data repository, as a project that loads a model-like file would.
        var bytes = "hello from a data artifact"u8.ToArray();
        repo.AddPushedBytes("data/models/greeting.txt", bytes);
        var app = Path.Join(repo.Root, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Join(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            {UserPackagesFallback()}
            </configuration>
            """);
        File.WriteAllText(Path.Join(app, "App.csproj"), PackedFeed.LibraryAppProject("App"));
        File.WriteAllText(Path.Join(app, "Program.cs"), """
            using DataTasks;

            namespace App;

            static class Program
            {
                static int Main(string[] args)
                {
                    if (args.Length > 5)
                    {
                        DataArtifacts.Resolve("data/models/not-there.txt");
                    }

                    Console.WriteLine(File.ReadAllText(Artifacts.Data.Models.Greeting_txt.Resolve()));
                    return 0;
                }
            }
            """);

        var build = DotnetProcess.Run(app, ["build", "-c", "Release"], env);
        Assert.AreEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "Program.cs(11,35): warning DT0901: 'data/models/not-there.txt' is not an entry of", build.Output);

        var run = DotnetProcess.Run(app, ["run", "-c", "Release", "--no-build"], env);
        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "hello from a data artifact");
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(repo.PathOf("data/models/greeting.txt")), "the artifact was hydrated into the repository");
    }

    /// <summary>The user's global packages folder as a read-only fallback, so the app's restore does not download what this machine has.</summary>
    private static string UserPackagesFallback()
    {
        var user = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        user = string.IsNullOrEmpty(user) ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages") : user;
        return Directory.Exists(user) ? $"""<fallbackPackageFolders><add key="user" value="{user}" /></fallbackPackageFolders>""" : string.Empty;
    }
}
