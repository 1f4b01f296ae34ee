using DataTasks.Core;

namespace DataTasks.Tests;

/// <summary>Resolve against a real repository on disk with a folder remote and a private machine cache.</summary>
[TestClass]
public sealed class DataArtifactResolverTests
{
    [TestMethod]
    public async Task MissingWithAKey_IsHydratedFromTheRemote_AndTheManifestIsNeverWritten()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/models/a.onnx", 50_000, 1);
        var manifestBefore = File.ReadAllBytes(repo.ManifestPath);
        var resolver = repo.Resolver();
        var events = new List<DataArtifactHydratedEventArgs>();

        // The event args are EventArgs, so a handler written for any event subscribes too.
        void OnAnyEvent(object? sender, EventArgs e)
        {
            Assert.AreSame(resolver, sender);
            events.Add(Assert.IsInstanceOfType<DataArtifactHydratedEventArgs>(e));
        }

        resolver.Hydrated += OnAnyEvent;

        var path = await resolver.ResolveAsync("data/models/a.onnx");

        Assert.AreEqual(repo.PathOf("data/models/a.onnx"), path);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
        CollectionAssert.AreEqual(manifestBefore, File.ReadAllBytes(repo.ManifestPath), "resolve wrote the manifest");
        Assert.HasCount(1, events);
        Assert.IsTrue(events[0].FromRemote);
        Assert.AreEqual("data/models/a.onnx", events[0].ArtifactPath);
        Assert.AreEqual(path, events[0].FullPath);
        Assert.AreEqual(bytes.Length, events[0].Size);

        // Present and verified: returned as is, without hydrating again.
        Assert.AreEqual(path, await resolver.ResolveAsync("data/models/a.onnx"));
        Assert.HasCount(1, events);

        // A fresh resolver (a new process) sees the file on disk and does not hydrate either.
        Assert.AreEqual(path, repo.Resolver().ResolveAsync("data/models/a.onnx").Result);

        // Deleted: comes back from the machine cache, not the remote.
        File.Delete(path);
        Directory.Delete(repo.Remote, recursive: true);
        Assert.AreEqual(path, await resolver.ResolveAsync("data/models/a.onnx"));
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
        Assert.HasCount(2, events);
        Assert.IsFalse(events[1].FromRemote, "the second hydration came from the machine cache");
    }

    [TestMethod]
    public void NotInTheManifest_NotFoundNamingTheManifestSearched()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 10, 1);
        var ex = Assert.ThrowsExactly<DataArtifactNotFoundException>(() => repo.Resolver().ResolveAsync("data/b.bin").GetAwaiter().GetResult());
        Assert.AreEqual("data/b.bin", ex.ArtifactPath);
        Assert.AreEqual(ErrorCodes.ArtifactNotInManifest, ex.Code);
        Assert.AreEqual(repo.ManifestPath, ex.ManifestFile);
        StringAssert.Contains(ex.Message, repo.ManifestPath);
    }

    [TestMethod]
    public void NeverPushedAndMissing_IsNotFound_ButNeverPushedAndPresent_IsReturned()
    {
        using var repo = new RuntimeRepo();
        repo.AddUnpushed("data/missing.bin", present: null);
        repo.AddUnpushed("data/mine.bin", present: [1, 2, 3]);
        var resolver = repo.Resolver();
        var ex = Assert.ThrowsExactly<DataArtifactNotFoundException>(() => resolver.ResolveAsync("data/missing.bin").GetAwaiter().GetResult());
        StringAssert.Contains(ex.Message, "never pushed");
        Assert.AreEqual(ErrorCodes.ArtifactNeverPushed, ex.Code);
        Assert.AreEqual(repo.PathOf("data/mine.bin"), resolver.ResolveAsync("data/mine.bin").Result);
    }

    [TestMethod]
    public void Offline_AMissingFileIsDT0801_AndNothingIsWritten()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 1000, 1);
        var ex = Assert.ThrowsExactly<DataArtifactUnavailableException>(() => repo.Resolver(offline: true).ResolveAsync("data/a.bin").GetAwaiter().GetResult());
        Assert.AreEqual(ErrorCodes.OfflineMissing, ex.Code);
        Assert.IsFalse(File.Exists(repo.PathOf("data/a.bin")));
        Assert.IsFalse(Directory.Exists(repo.Cache), "offline resolve touched the machine cache");
    }

    [TestMethod]
    public async Task ALocalFileThatDiffers_IsDT0802_AndIsNeverOverwritten_EvenAfterAVerifiedResolve()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 1000, 1);
        var resolver = repo.Resolver();
        var path = await resolver.ResolveAsync("data/a.bin");

        var edited = TestBytes.Seeded(1000, 99);
        File.WriteAllBytes(path, edited);
        var ex = await Assert.ThrowsExactlyAsync<DataArtifactUnavailableException>(() => resolver.ResolveAsync("data/a.bin"));
        Assert.AreEqual(ErrorCodes.LocalFileDiffers, ex.Code);
        CollectionAssert.AreEqual(edited, File.ReadAllBytes(path));
    }

    [TestMethod]
    public async Task ACorruptRemoteObject_IsDT0301_AndNothingIsMaterialised()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/a.bin", 5000, 1);
        File.WriteAllBytes(Path.Join(repo.Remote, TestHash.Sha256(bytes)), TestBytes.Seeded(5000, 2));
        var ex = await Assert.ThrowsExactlyAsync<DataArtifactUnavailableException>(() => repo.Resolver().ResolveAsync("data/a.bin"));
        Assert.AreEqual(ErrorCodes.ObjectCorrupt, ex.Code);
        Assert.IsFalse(File.Exists(repo.PathOf("data/a.bin")));
    }

    [TestMethod]
    public async Task Template_ExpandsPlaceholdersFromAnObjectOrADictionary()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/pesto/1.4.1/model.pt", 3000, 1);
        var resolver = repo.Resolver();
        var path = await resolver.ResolveAsync("data/{model}/{version}/model.pt", null, new { model = "pesto", version = "1.4.1" });
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
        var again = await resolver.ResolveAsync("data/{model}/{version}/model.pt", null, (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["model"] = "pesto", ["version"] = "1.4.1" });
        Assert.AreEqual(path, again);
    }

    [TestMethod]
    [DataRow("..", DisplayName = "climbs")]
    [DataRow("a/b", DisplayName = "two segments")]
    [DataRow("", DisplayName = "empty")]
    public void Template_AValueThatIsNotOneSegment_OrAMissingValue_IsDT0803(string version)
    {
        using var repo = new RuntimeRepo();
        var resolver = repo.Resolver();
        var bad = Assert.ThrowsExactly<ArgumentException>(() => resolver.ResolveAsync("data/{model}/{version}/model.pt", null, new { model = "pesto", version }).GetAwaiter().GetResult());
        StringAssert.StartsWith(bad.Message, ErrorCodes.TemplateInvalid);
        var missing = Assert.ThrowsExactly<ArgumentException>(() => resolver.ResolveAsync("data/{model}/{version}/model.pt", null, new { model = "pesto" }).GetAwaiter().GetResult());
        StringAssert.Contains(missing.Message, "no value for {version}");
    }

    [TestMethod]
    public async Task Extern_ResolvesInTheNamespacesOwnManifest_AndAnUnknownNamespaceIsNotFound()
    {
        using var monorepo = new TempDir("dt-runtime-tests");
        using var carbonara = new RuntimeRepo(monorepo.Combine("models/carbonara"));
        using var pesto = new RuntimeRepo(monorepo.Combine("models/pesto"));
        var bytes = pesto.AddPushed("data/pesto/1.4.1/model.pt", 4000, 7);
        monorepo.Write("export.json", """{"pesto": "models/pesto/repo", "carbonara": "models/carbonara/repo"}""");
        var resolver = carbonara.Resolver();
        var path = await resolver.ResolveAsync("data/pesto/1.4.1/model.pt", namespaceName: "pesto");
        Assert.AreEqual(pesto.PathOf("data/pesto/1.4.1/model.pt"), path);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));

        var templated = await resolver.ResolveAsync("data/pesto/{version}/model.pt", "pesto", new { version = "1.4.1" });
        Assert.AreEqual(path, templated);

        var ex = await Assert.ThrowsExactlyAsync<DataArtifactNotFoundException>(() => resolver.ResolveAsync("data/pesto/1.4.1/model.pt", namespaceName: "pestoo"));
        StringAssert.Contains(ex.Message, "unknown namespace 'pestoo'");
        Assert.AreEqual(ErrorCodes.UnknownNamespace, ex.Code);
        var notOwn = await Assert.ThrowsExactlyAsync<DataArtifactNotFoundException>(() => resolver.ResolveAsync("data/pesto/1.4.1/model.pt"));
        Assert.AreEqual(ErrorCodes.ArtifactNotInManifest, notOwn.Code);
    }

    [TestMethod]
    public async Task FromABuildOutput_ACopyNextToTheAppWins_ThenTheRecordedManifest()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/models/a.onnx", 2000, 3);
        repo.AddPushed("data/models/b.onnx", 2000, 4);
        var app = Path.Join(repo.Base, "bin");
        Directory.CreateDirectory(Path.Join(app, "data", "models"));
        File.WriteAllBytes(Path.Join(app, "data", "models", "a.onnx"), bytes);
        File.WriteAllText(Path.Join(app, "DataTasks.runtime.json"), """{"manifest": "../repo/artifacts.json"}""");

        // No RepositoryRoot and a working directory outside the repository: only the app folder knows where to look.
        var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = app, CacheDirectory = repo.Cache, RepositoryRoot = null });
        Assert.AreEqual(Path.Join(app, "data/models/a.onnx"), await resolver.ResolveAsync("data/models/a.onnx"));
        Assert.AreEqual(repo.Root, resolver.FindRoot());
        var b = await resolver.ResolveAsync("data/models/b.onnx");
        Assert.AreEqual(repo.PathOf("data/models/b.onnx"), b);
        Assert.IsTrue(File.Exists(b));
    }

    [TestMethod]
    [DataRow("{\"manifest\": \"\\ud800\"}")]
    [DataRow("{\"manifest\": \"a\\u0000b\"}")]
    [DataRow("{\"manifest\": ")]
    public void FromABuildOutput_ADamagedRecord_OnlyLosesTheHint(string record)
    {
        using var app = new TempDir("dt-runtime-record");
        app.Write("DataTasks.runtime.json", record);
        var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = app.Path });
        try
        {
            resolver.FindRoot();
        }
        catch (Exception ex) when (ex is DataArtifactNotFoundException or DataTasks.Core.DataTasksException)
        {
            // No repository around the test's working directory: the resolver says so, it does not crash.
        }
    }

    [TestMethod]
    [DoNotParallelize] // it sets the process's working directory
    public async Task AppOutsideAnyRepository_WritesNothingOutsideItsFolder_EvenWithAnAbsoluteRecordAndACheckoutAsWorkingDirectory()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/models/b.onnx", 2000, 4);
        using var elsewhere = new RuntimeRepo();
        var app = Path.Join(elsewhere.Base, "moved-app");
        Directory.CreateDirectory(app);

        // What an older SDK wrote: the build machine's absolute path. A moved app must not hydrate into that checkout,
        // nor into the repository it happens to be started from.
        File.WriteAllText(Path.Join(app, "DataTasks.runtime.json"), $$"""{"manifest": "{{repo.ManifestPath.Replace("\\", "/")}}"}""");
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = repo.Root;
        try
        {
            var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = app, CacheDirectory = repo.Cache, RepositoryRoot = null });
            var e = await Assert.ThrowsExactlyAsync<DataArtifactNotFoundException>(() => resolver.ResolveAsync("data/models/b.onnx"));
            StringAssert.Contains(e.Message, DataArtifactResolverOptions.RepositoryVariable);
            Assert.AreEqual(ErrorCodes.NoManifestToResolveIn, e.Code);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.IsFalse(File.Exists(repo.PathOf("data/models/b.onnx")), "nothing hydrated into the checkout");
        Assert.IsFalse(Directory.Exists(repo.Cache), "nothing written to the machine cache");

        // Configured with the repository's artifacts.json: it hydrates there.
        var configured = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = app, CacheDirectory = repo.Cache, RepositoryRoot = repo.ManifestPath });
        Assert.AreEqual(repo.PathOf("data/models/b.onnx"), await configured.ResolveAsync("data/models/b.onnx"));
    }

    [TestMethod]
    public async Task FromABuildOutput_ANamespacesCopyUnderExtern_WinsForThatNamespaceOnly()
    {
        using var repo = new RuntimeRepo();
        var own = repo.AddPushed("data/words.txt", 100, 8);
        var app = Path.Join(repo.Base, "bin");
        var copy = Path.Join(app, "extern", "shared", "data", "words.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllBytes(copy, TestBytes.Seeded(50, 9));

        // No export.json anywhere: only the copy the SDK placed under extern/shared/ can answer.
        var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = app, RepositoryRoot = repo.Root, CacheDirectory = repo.Cache });
        Assert.AreEqual(copy, await resolver.ResolveAsync("data/words.txt", namespaceName: "shared"));

        // The same manifest path without a namespace is the project's own entry, never the namespace's copy.
        var path = await resolver.ResolveAsync("data/words.txt");
        Assert.AreEqual(repo.PathOf("data/words.txt"), path);
        CollectionAssert.AreEqual(own, File.ReadAllBytes(path));

        // A name that cannot be a namespace never turns into a path outside extern/.
        await Assert.ThrowsExactlyAsync<DataArtifactNotFoundException>(() => resolver.ResolveAsync("data/words.txt", namespaceName: "../extern/shared"));
    }

    [TestMethod]
    public async Task SixteenThreads_ResolvingTheSameMissingFile_ShareOneDownload_AndAllGetTheCompleteFile()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/big.bin", 8 * 1024 * 1024, 5);
        var resolver = repo.Resolver();
        var downloads = 0;
        resolver.Hydrated += (_, e) => Interlocked.Increment(ref downloads);
        using var start = new Barrier(16);
        var paths = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            var path = await resolver.ResolveAsync("data/big.bin");
            Assert.AreEqual(TestHash.Sha256(bytes), TestHash.Sha256(File.ReadAllBytes(path)), "a thread got an incomplete file");
            return path;
        })));
        Assert.AreEqual(1, paths.Distinct().Count());
        Assert.AreEqual(1, downloads, "the file was hydrated more than once");
    }

    [TestMethod]
    public async Task TwoProcesses_ResolvingTheSameMissingFile_DownloadItOnce_AndBothGetTheCompleteFile()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/big.bin", 32 * 1024 * 1024, 6);
        using var first = ResolveHostProcess.Start(repo, repo.Root, "data/big.bin", "8");
        using var second = ResolveHostProcess.Start(repo, repo.Root, "data/big.bin", "8");
        var results = await Task.WhenAll(first.WaitAsync(), second.WaitAsync());
        var all = string.Join("\n---\n", results.Select(r => r.All));
        Assert.AreEqual(0, results[0].ExitCode, all);
        Assert.AreEqual(0, results[1].ExitCode, all);
        var outputs = results.Select(r => r.Output);
        var lines = outputs.SelectMany(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.AreEqual(1, lines.Count(l => l == "downloaded"), $"exactly one process downloads\n{all}");
        Assert.AreEqual(2, lines.Count(l => l.StartsWith("resolved 1 ", StringComparison.Ordinal)), all);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(repo.PathOf("data/big.bin")));
    }
}
