using System.Text.Json.Nodes;
using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// The summary lines of push, verify and hydrate count files in the right number ("1 file", "2 files"), run in-process
/// on a real temp repository whose files Core's add tracked, with a real folder remote.
/// </summary>
[TestClass]
public sealed class SummaryCountTests
{
    [TestMethod]
    [DataRow(1, "1 file")]
    [DataRow(2, "2 files")]
    public async Task PushVerifyAndHydrate_CountTheFilesInTheRightNumber(int count, string files) =>
        await PushVerifyAndHydrateAsync(count, 1000, files, "");

    /// <summary>Core's size format in the build's summaries: 999,999 bytes is "1MB", as the CLI prints it.</summary>
    [TestMethod]
    public async Task PushVerifyAndHydrate_Say1MBFor999999Bytes() =>
        await PushVerifyAndHydrateAsync(1, 999_999, "1 file", "1MB)");

    private static async Task PushVerifyAndHydrateAsync(int count, int size, string files, string sizeText)
    {
        using var dir = new TempDir("dt-tasks-summary");
        var repo = dir.Combine("repo");
        var remote = dir.Combine("remote");
        Directory.CreateDirectory(remote);
        dir.Write("repo/.datatasks/config.json", new JsonObject { ["remote"] = remote }.ToJsonString());
        dir.Write("repo/artifacts.json", "{\"version\": 2, \"entries\": {}}\n");
        var paths = Enumerable.Range(0, count).Select(i => $"data/f{i}.bin").ToArray();
        foreach (var (path, i) in paths.Select((p, i) => (p, i)))
        {
            dir.Write("repo/" + path, TestBytes.Seeded(size, 40 + i));
        }

        var repository = DataRepository.At(repo);
        await AddOperation.RunAsync(repository, paths, all: false, CancellationToken.None, cache: new MachineCache(dir.Combine("add-cache")));
        ITaskItem[] items = [.. paths.Select(p => new TaskItem(repository.FullPathOf(p)))];

        var pushEngine = new TestBuildEngine();
        var push = new PushDataArtifacts { BuildEngine = pushEngine, ProjectFile = Path.Join(repo, "App", "App.csproj"), RepositoryRoot = repo, Files = items };
        Assert.IsTrue(push.Execute(), pushEngine.Describe());
        StringAssert.Contains(Summary(pushEngine), $"DataTasks: App: pushed {files} ({sizeText}", Summary(pushEngine));

        var verifyEngine = new TestBuildEngine();
        var verify = new VerifyDataArtifacts { BuildEngine = verifyEngine, ProjectFile = Path.Join(repo, "App", "App.csproj"), RepositoryRoot = repo, Files = items };
        Assert.IsTrue(verify.Execute(), verifyEngine.Describe());
        StringAssert.Contains(Summary(verifyEngine), $"DataTasks: App: verified {files} ({sizeText}", Summary(verifyEngine));

        foreach (var path in paths)
        {
            File.Delete(repository.FullPathOf(path));
        }

        var hydrateEngine = new TestBuildEngine();
        var hydrate = new HydrateDataArtifacts
        {
            BuildEngine = hydrateEngine,
            ProjectFile = Path.Join(repo, "App", "App.csproj"),
            RepositoryRoot = repo,
            Files = items,
            CacheDirectory = dir.Combine("build-cache"),
        };
        Assert.IsTrue(hydrate.Execute(), hydrateEngine.Describe());
        StringAssert.Contains(Summary(hydrateEngine), $"DataTasks: App: {files}: {count} from the remote ({sizeText}", Summary(hydrateEngine));
    }

    /// <summary>The high-importance messages: the summary lines a normal-verbosity build shows.</summary>
    private static string Summary(TestBuildEngine engine) =>
        string.Join('\n', engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message));
}
