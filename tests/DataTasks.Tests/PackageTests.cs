using System.Diagnostics;

namespace DataTasks.Tests;

/// <summary>
/// The DataTasks package as a user gets it: packed (with DataTasks.Core) into a local feed under a unique version,
/// restored into a fresh console app with an isolated package folder, built with the real dotnet CLI, and run. The
/// analyzer must report a dangling path as warning DT0901 at its argument, the generated typed tree must compile,
/// and the app must hydrate its artifact from the folder remote at run time.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Join(d.FullName, "DataTasks.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("DataTasks.sln not found above the test folder");
    }

    private static async Task<(int Code, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [TestMethod]
    [Timeout(1_200_000, CooperativeCancellation = true)]
    public async Task PackedPackage_AnalyzerWarnsDT0901_TypedTreeCompiles_AndTheAppHydratesItsArtifact()
    {
        using var repo = new RuntimeRepo();
        var root = RepoRoot();
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}{Environment.ProcessId}";
        var feed = Path.Join(repo.Base, "feed");
        var env = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Join(repo.Base, "packages"),
            ["DATATASKS_CACHE_DIR"] = repo.Cache,
        };
        foreach (var project in new[] { "src/DataTasks.Core", "src/DataTasks" })
        {
            var pack = await RunAsync(root, env, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}", "--artifacts-path", Path.Join(repo.Base, "pack-artifacts"));
            Assert.AreEqual(0, pack.Code, pack.Output);
        }

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
            </configuration>
            """);
        File.WriteAllText(Path.Join(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>App</RootNamespace>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DataTasks" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
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

        var build = await RunAsync(app, env, "build", "-c", "Release");
        Assert.AreEqual(0, build.Code, build.Output);
        StringAssert.Contains(build.Output, "Program.cs(11,35): warning DT0901: 'data/models/not-there.txt' is not an entry of", build.Output);

        var run = await RunAsync(app, env, "run", "-c", "Release", "--no-build");
        Assert.AreEqual(0, run.Code, run.Output);
        StringAssert.Contains(run.Output, "hello from a data artifact");
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(repo.PathOf("data/models/greeting.txt")), "the artifact was hydrated into the repository");
    }
}
