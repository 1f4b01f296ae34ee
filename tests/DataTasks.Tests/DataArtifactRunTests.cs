using System.Text.Json.Nodes;
using DataTasks.Core;

namespace DataTasks.Tests;

/// <summary>Issue 16: DataArtifactRun records what a program resolved as the inputs of what it wrote, in a real repository.</summary>
[TestClass]
public sealed class DataArtifactRunTests
{
    private static RuntimeRepo RepoWithInputs()
    {
        var repo = new RuntimeRepo();
        repo.AddUnpushed("data/a.csv", "a,b\n1,2\n"u8.ToArray());
        repo.AddUnpushed("data/b.csv", "c\n3\n"u8.ToArray());
        repo.AddUnpushed("data/unused.csv", "u\n"u8.ToArray());
        return repo;
    }

    private static JsonObject? Entry(RuntimeRepo repo, string path) =>
        JsonNode.Parse(File.ReadAllText(repo.ManifestPath))!["entries"]![path] as JsonObject;

    private static string[] InputsOf(RuntimeRepo repo, string path) =>
        [.. (Entry(repo, path)!["inputs"]?.AsArray() ?? []).Select(i => i!.GetValue<string>())];

    [TestMethod]
    public async Task ResolvesInsideTheRun_AreTheInputsOfItsOutputs_WithMetadataRun()
    {
        using var repo = RepoWithInputs();
        GitRunner.Run(repo.Root, "init", "-q");
        GitRunner.Run(repo.Root, "add", "artifacts.json");
        GitRunner.Run(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "inputs");
        var head = GitRunner.Run(repo.Root, "rev-parse", "HEAD").Trim();
        var resolver = repo.Resolver();
        await resolver.ResolveAsync("data/unused.csv");

        using (var run = resolver.BeginRun("train"))
        {
            var a = await resolver.ResolveAsync("data/a.csv");
            var b = await resolver.ResolveAsync("data/b.csv");
            await resolver.ResolveAsync("data/a.csv");
            CollectionAssert.AreEqual(new[] { "data/a.csv", "data/b.csv" }, run.Inputs.ToArray());
            File.WriteAllText(repo.PathOf("data/model.bin"), File.ReadAllText(a) + File.ReadAllText(b));

            await run.CompleteAsync(["data/model.bin"]);
        }

        var entry = Entry(repo, "data/model.bin")!;
        Assert.IsNull(entry["storage_key"], "nothing is pushed");
        CollectionAssert.AreEqual(new[] { "data/a.csv", "data/b.csv" }, InputsOf(repo, "data/model.bin"), "what was resolved before the run is not its input");
        var recorded = entry["metadata"]!["run"]!;
        Assert.AreEqual("train", recorded["name"]!.GetValue<string>());
        Assert.AreEqual(head, recorded["commit"]!.GetValue<string>());
        StringAssert.EndsWith(recorded["start"]!.GetValue<string>(), "Z");
        Assert.IsFalse(string.IsNullOrEmpty(recorded["command"]!.GetValue<string>()));
    }

    [TestMethod]
    public async Task DisposedWithoutComplete_RecordsNothing_AndACompletedRunCannotCompleteAgain()
    {
        using var repo = RepoWithInputs();
        var resolver = repo.Resolver();
        var before = File.ReadAllText(repo.ManifestPath);
        File.WriteAllText(repo.PathOf("data/out.txt"), "x");
        var abandoned = resolver.BeginRun("abandoned");
        await resolver.ResolveAsync("data/a.csv");
        abandoned.Dispose();
        Assert.AreEqual(before, File.ReadAllText(repo.ManifestPath));
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => abandoned.CompleteAsync(["data/out.txt"]));

        using var run = resolver.BeginRun("once");
        await run.CompleteAsync(["data/out.txt"]);
        await resolver.ResolveAsync("data/b.csv");
        Assert.AreEqual(0, run.Inputs.Count, "resolves after completion are no inputs");
        Assert.AreEqual(0, InputsOf(repo, "data/out.txt").Length);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => run.CompleteAsync(["data/out.txt"]));
        Assert.ThrowsExactly<ArgumentException>(() => resolver.BeginRun(""));
        var nowhere = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = Path.Join(repo.Base, "elsewhere"), CacheDirectory = repo.Cache });
        var none = Assert.ThrowsExactly<DataArtifactNotFoundException>(() => nowhere.BeginRun("lost"));
        Assert.AreEqual(ErrorCodes.NoManifestToResolveIn, none.Code);
        StringAssert.Contains(none.Message, "no repository to record run 'lost' in");
    }

    [TestMethod]
    public async Task NestedRuns_RecordIntoBoth_ConcurrentRuns_RecordSeparately()
    {
        using var repo = RepoWithInputs();
        var resolver = repo.Resolver();

        using var outer = resolver.BeginRun("outer");
        await resolver.ResolveAsync("data/unused.csv");
        using (var inner = resolver.BeginRun("inner"))
        {
            await Task.Run(() => resolver.ResolveAsync("data/a.csv"));
            CollectionAssert.AreEqual(new[] { "data/a.csv" }, inner.Inputs.ToArray());
        }

        CollectionAssert.AreEqual(new[] { "data/unused.csv", "data/a.csv" }, outer.Inputs.ToArray(), "the outer run depends on what the inner one read");

        async Task<IReadOnlyList<string>> Alone(string path)
        {
            using var run = resolver.BeginRun(path);
            await Task.Yield();
            await resolver.ResolveAsync(path);
            await Task.Delay(50);
            return run.Inputs;
        }

        var both = await Task.WhenAll(Task.Run(() => Alone("data/a.csv")), Task.Run(() => Alone("data/b.csv")));
        CollectionAssert.AreEqual(new[] { "data/a.csv" }, both[0].ToArray());
        CollectionAssert.AreEqual(new[] { "data/b.csv" }, both[1].ToArray());
        CollectionAssert.AreEquivalent(new[] { "data/unused.csv", "data/a.csv", "data/b.csv" }, outer.Inputs.ToArray(), "concurrent runs started inside the outer one count for it too");
    }

    [TestMethod]
    public async Task AnOutputThatIsNoFile_IsDT0809_AndNothingIsRecorded()
    {
        using var repo = RepoWithInputs();
        var resolver = repo.Resolver();
        var before = File.ReadAllText(repo.ManifestPath);
        File.WriteAllText(repo.PathOf("data/real.txt"), "r");

        using var run = resolver.BeginRun("broken");
        await resolver.ResolveAsync("data/a.csv");
        var ex = await Assert.ThrowsExactlyAsync<DataArtifactRunException>(() => run.CompleteAsync(["data/real.txt", "data/never-written.bin"]));

        Assert.AreEqual(ErrorCodes.RunNotRecorded, ex.Code);
        Assert.AreEqual("broken", ex.RunName);
        Assert.AreEqual(ErrorCodes.PathNotFound, ((DataTasksException)ex.InnerException!).Code);
        StringAssert.StartsWith(ex.Message, "DT0809: run 'broken' was not recorded: DT0004");
        Assert.AreEqual(before, File.ReadAllText(repo.ManifestPath), "one bad output records no output");
    }

    [TestMethod]
    public async Task ANamespacesEntry_IsRecordedAsNamespacePath_AndAnAbsoluteOutputPathWorks()
    {
        using var monorepo = new TempDir("dt-runtime-tests");
        using var carbonara = new RuntimeRepo(monorepo.Combine("models/carbonara"));
        using var pesto = new RuntimeRepo(monorepo.Combine("models/pesto"));
        pesto.AddPushed("data/weights.pt", 3000, 7);
        monorepo.Write("export.json", """{"pesto": "models/pesto/repo", "carbonara": "models/carbonara/repo"}""");
        var resolver = carbonara.Resolver();
        Directory.CreateDirectory(carbonara.PathOf("data"));
        File.WriteAllText(carbonara.PathOf("data/tuned.pt"), "tuned");

        using var run = resolver.BeginRun("tune");
        await resolver.ResolveAsync("data/weights.pt", namespaceName: "pesto");
        await run.CompleteAsync([carbonara.PathOf("data/tuned.pt")]);

        CollectionAssert.AreEqual(new[] { "pesto:data/weights.pt" }, InputsOf(carbonara, "data/tuned.pt"), "an absolute output path inside the repository is its entry path");
    }

    [TestMethod]
    public async Task UnderDotnetDataRun_EachResolvedEntryIsAppendedOnce_AndAnUnwritableRecordWarnsOnceWithoutFailing()
    {
        using var repo = RepoWithInputs();
        var record = Path.Join(repo.Base, "run.inputs");
        File.WriteAllText(record, "");

        using (var host = ResolveHostProcess.Start(repo, new Dictionary<string, string> { ["DATATASKS_RUN_RECORD"] = record }, repo.Root, "data/a.csv", "4", "data/b.csv", "data/a.csv"))
        {
            var (exitCode, _, all) = await host.WaitAsync();
            Assert.AreEqual(0, exitCode, all);
        }

        CollectionAssert.AreEqual(new[] { "data/a.csv", "data/b.csv" }, File.ReadAllLines(record), "one line an entry, however often and from however many threads it was resolved");

        var unwritable = Path.Join(repo.Base, "no-such-folder", "run.inputs");
        using (var host = ResolveHostProcess.Start(repo, new Dictionary<string, string> { ["DATATASKS_RUN_RECORD"] = unwritable }, repo.Root, "data/a.csv", "1", "data/b.csv"))
        {
            var (exitCode, output, all) = await host.WaitAsync();
            Assert.AreEqual(0, exitCode, all);
            StringAssert.Contains(output, "resolved data/b.csv", "the resolves succeeded");
            var warnings = CliLines(all).Where(l => l.StartsWith("warning DT0808: cannot append", StringComparison.Ordinal)).ToList();
            Assert.HasCount(1, warnings, all);
            StringAssert.Contains(warnings[0], unwritable);
        }
    }

    private static string[] CliLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
