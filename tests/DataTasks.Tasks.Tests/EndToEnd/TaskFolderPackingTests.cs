using System.IO.Compression;
using System.Text.Json;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// What the SDK package ships in tasks/net8.0/: the task assembly, the assemblies its resolved references need at run
/// time and the .deps.json MSBuild's per-task load context reads, and nothing else. A dll left in bin/ by an older build
/// must never ship: it would load beside the real dependencies of a user's build.
/// </summary>
[TestClass]
public sealed class TaskFolderPackingTests
{
    private const string TaskFolder = "tasks/net8.0/";

    /// <summary>The runtime closure of DataTasks.Tasks minus MSBuild's own assemblies, which the running MSBuild provides.</summary>
    private static readonly string[] ExpectedTaskFiles =
    [
        "AWSSDK.Core.dll",
        "AWSSDK.S3.dll",
        "DataTasks.Core.dll",
        "DataTasks.Tasks.deps.json",
        "DataTasks.Tasks.dll",
        "DotNet.Glob.dll",
    ];

    [TestMethod]
    public void PackedSdk_TaskFolder_HoldsExactlyTheTaskItsDependenciesAndDepsJson()
    {
        var package = Path.Join(PackedFeed.LibraryFeed(), $"DataTasks.Sdk.{PackedFeed.Version}.nupkg");

        CollectionAssert.AreEqual(ExpectedTaskFiles, TaskFolderFiles(package));
    }

    [TestMethod]
    public void PackedSdk_DepsJson_NamesEveryAssemblyOfTheTaskFolder()
    {
        // The load context resolves a dependency through the deps.json: an assembly it does not name would never load,
        // and one it names but the folder lacks would fail the first task that needs it.
        var package = Path.Join(PackedFeed.LibraryFeed(), $"DataTasks.Sdk.{PackedFeed.Version}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var depsEntry = zip.GetEntry(TaskFolder + "DataTasks.Tasks.deps.json");
        Assert.IsNotNull(depsEntry, "the task folder has no DataTasks.Tasks.deps.json");
        using var deps = JsonDocument.Parse(depsEntry.Open());

        var named = RuntimeAssemblies(deps);

        var packed = TaskFolderFiles(package).Where(f => f.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(packed, named);
    }

    [TestMethod]
    public void StaleDllInTheTaskBinFolder_IsNotPacked()
    {
        using var dir = new TempDir("dt-task-packing");
        var root = SolutionRoot.Find();
        var artifacts = dir.Combine("artifacts");
        var feed = dir.Combine("feed");
        const string Version = "0.0.0-stale-test";
        string[] common = ["-c", "Release", "--artifacts-path", artifacts, "-p:Version=" + Version, "-nologo"];

        var build = DotnetProcess.Run(root, ["build", Path.Join(root, "src", "DataTasks.Tasks"), .. common], new Dictionary<string, string?>(), TimeSpan.FromMinutes(15));
        Assert.AreEqual(0, build.ExitCode, build.Output);
        var taskBin = Path.GetDirectoryName(Directory.GetFiles(Path.Join(artifacts, "bin", "DataTasks.Tasks"), "DataTasks.Tasks.dll", SearchOption.AllDirectories).Single())!;

        // What a build before a dependency was dropped leaves behind: an assembly no reference resolves any more.
        File.Copy(Path.Join(taskBin, "DotNet.Glob.dll"), Path.Join(taskBin, "Dropped.Dependency.dll"));

        var pack = DotnetProcess.Run(root, ["pack", Path.Join(root, "sdk", "DataTasks.Sdk"), "-o", feed, .. common], new Dictionary<string, string?>(), TimeSpan.FromMinutes(15));
        Assert.AreEqual(0, pack.ExitCode, pack.Output);
        Assert.IsTrue(File.Exists(Path.Join(taskBin, "Dropped.Dependency.dll")), "the pack cleaned bin/, so the test proves nothing");

        CollectionAssert.AreEqual(ExpectedTaskFiles, TaskFolderFiles(Path.Join(feed, $"DataTasks.Sdk.{Version}.nupkg")));
    }

    /// <summary>The file names under tasks/net8.0/ of <paramref name="package"/>, in ordinal order.</summary>
    private static string[] TaskFolderFiles(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries
            .Where(e => e.FullName.StartsWith(TaskFolder, StringComparison.Ordinal))
            .Select(e => e.FullName[TaskFolder.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The file names of every runtime assembly the deps.json's target lists, in ordinal order.</summary>
    private static string[] RuntimeAssemblies(JsonDocument deps)
    {
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().Single().Value;
        return target.EnumerateObject()
            .Where(library => library.Value.TryGetProperty("runtime", out _))
            .SelectMany(library => library.Value.GetProperty("runtime").EnumerateObject())
            .Select(asset => Path.GetFileName(asset.Name))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
