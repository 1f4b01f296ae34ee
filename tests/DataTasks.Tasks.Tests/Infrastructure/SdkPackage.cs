using System.Globalization;
using System.Runtime.CompilerServices;

namespace DataTasks.Tasks.Tests.Infrastructure;

/// <summary>
/// The SDK as users get it: packed once per test run from sdk/DataTasks.Sdk into a temp feed, with a version no other
/// run used (so no global packages folder can hold a stale copy), restored into an isolated NUGET_PACKAGES.
/// </summary>
[TestClass]
public static class SdkPackage
{
    private static string? root;

    /// <summary>The folder holding the feed, the packages folder and the pack output of this run.</summary>
    public static string Root => root ?? throw new InvalidOperationException("the SDK was not packed");

    /// <summary>The unique version of this run.</summary>
    public static string Version { get; private set; } = string.Empty;

    /// <summary>The local feed holding DataTasks.Sdk.&lt;Version&gt;.nupkg.</summary>
    public static string Feed => Path.Join(Root, "feed");

    /// <summary>The isolated global packages folder every build of this run uses.</summary>
    public static string Packages => Path.Join(Root, "packages");

    /// <summary>Packs the SDK (every end-to-end test needs it) and the runtime library the sample app references.</summary>
    [AssemblyInitialize]
    public static void Pack(TestContext context)
    {
        _ = context;
        root = Path.Join(Path.GetTempPath(), "dt-sdk-tests", "run-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        Version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..6];
        foreach (var (project, id) in new[] { ("sdk/DataTasks.Sdk", "DataTasks.Sdk"), ("src/DataTasks.Core", "DataTasks.Core"), ("src/DataTasks", "DataTasks") })
        {
            var result = Dotnet.Run(SolutionRoot(), ["pack", Path.Join(SolutionRoot(), project), "-c", "Release", "-o", Feed, "-p:Version=" + Version, "--artifacts-path", Path.Join(Root, "artifacts")], new Dictionary<string, string?>());
            Assert.AreEqual(0, result.ExitCode, $"packing {id} failed\n{result.Output}");
            Assert.IsTrue(File.Exists(Path.Join(Feed, $"{id}.{Version}.nupkg")), result.Output);
        }
    }

    /// <summary>Deletes this run's feed and packages.</summary>
    [AssemblyCleanup]
    public static void Cleanup()
    {
        if (root is not null)
        {
            TempWorld.DeleteDirectory(root);
        }
    }

    /// <summary>
    /// A nuget.config for a test project: the local feed added to the machine's own sources (inherited from the user
    /// configuration, which points at this machine's mirror), and the user's global packages folder as a read-only
    /// fallback so targeting packs are not downloaded again.
    /// </summary>
    public static string NuGetConfig()
    {
        var fallback = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        fallback = string.IsNullOrEmpty(fallback) ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages") : fallback;
        var fallbackXml = Directory.Exists(fallback) ? $"""
              <fallbackPackageFolders>
                <add key="user" value="{fallback}" />
              </fallbackPackageFolders>
            """ : string.Empty;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="datatasks-test-feed" value="{Feed}" />
              </packageSources>
            {fallbackXml}
            </configuration>
            """;
    }

    /// <summary>The repository root (holds DataTasks.sln).</summary>
    public static string SolutionRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var d = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Join(d.FullName, "DataTasks.sln")))
                {
                    return d.FullName;
                }
            }
        }

        throw new AssertFailedException("DataTasks.sln not found above the test assembly or the test sources");
    }
}
