using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Namespaces;

/// <summary>
/// pull --extern and --all in a monorepo: export.json at the root maps namespaces to repositories, each with its own
/// manifest; a namespace with its own remote uses it, one without falls back to the remote configured at the monorepo
/// root, wherever the command runs.
/// </summary>
[TestClass]
public sealed class ExternPullTests
{
    private sealed record Monorepo(TempRepo Repo, Dictionary<string, byte[]> Files)
    {
        public string Dir(string ns) => Path.Join(Repo.Root, "models", ns);

        public string FileOf(string ns, string path) => Path.Join(Dir(ns), path);

        public void ForgetAll()
        {
            foreach (var ns in new[] { "pesto", "carbonara", "shared" })
            {
                var data = Path.Join(Dir(ns), "data");
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
            }

            if (Directory.Exists(Repo.Cache))
            {
                Directory.Delete(Repo.Cache, recursive: true);
            }
        }
    }

    private static async Task<Monorepo> CreateAsync()
    {
        var repo = await TempRepo.CreateAsync(init: false);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pestoRemote = Path.Join(repo.Base, "pesto-remote");
        Directory.CreateDirectory(pestoRemote);
        var mono = new Monorepo(repo, files);
        foreach (var (ns, remote, seed) in new[] { ("pesto", pestoRemote, 1), ("carbonara", repo.Remote, 2), ("shared", repo.Remote, 3) })
        {
            var dir = mono.Dir(ns);
            Directory.CreateDirectory(dir);
            await RunOkIn(repo, dir, "init", "--remote", remote);
            var path = ns == "pesto" ? "data/pesto/1.4.1/model.pt" : $"data/{ns}.bin";
            var bytes = TestBytes.Seeded(20_000 + seed, seed);
            Directory.CreateDirectory(Path.GetDirectoryName(mono.FileOf(ns, path))!);
            File.WriteAllBytes(mono.FileOf(ns, path), bytes);
            files[$"{ns}:{path}"] = bytes;
            await RunOkIn(repo, dir, "add", "data");
            await RunOkIn(repo, dir, "push");
        }

        // "shared" keeps no remote of its own: its objects live in the bucket the monorepo root names.
        File.WriteAllText(Path.Join(mono.Dir("shared"), ".datatasks", "config.json"), "{}\n");
        SetRootRemote(repo, repo.Remote);
        File.WriteAllText(Path.Join(repo.Root, "export.json"), """
            { "pesto": "models/pesto", "carbonara": "models/carbonara", "shared": "models/shared" }
            """);
        mono.ForgetAll();
        return mono;
    }

    /// <summary>Writes (or with null deletes) the remote configured at the monorepo root.</summary>
    private static void SetRootRemote(TempRepo repo, string? remote)
    {
        var config = Path.Join(repo.Root, ".datatasks", "config.json");
        if (remote is null)
        {
            File.Delete(config);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, $$"""{"remote": "{{remote.Replace("\\", "/")}}"}""");
    }

    private static async Task RunOkIn(TempRepo repo, string dir, params string[] args)
    {
        var result = await repo.RunInAsync(dir, args);
        Assert.AreEqual(0, result.ExitCode, $"dotnet data {string.Join(' ', args)} in {dir}\n{result}");
    }

    private static void AssertPresent(Monorepo mono, string ns, bool present)
    {
        foreach (var (id, bytes) in mono.Files.Where(f => f.Key.StartsWith(ns + ":", StringComparison.Ordinal)))
        {
            var file = mono.FileOf(ns, id[(ns.Length + 1)..]);
            if (present)
            {
                Assert.IsTrue(File.Exists(file), $"{id} was not pulled");
                CollectionAssert.AreEqual(bytes, File.ReadAllBytes(file), id);
            }
            else
            {
                Assert.IsFalse(File.Exists(file), $"{id} was pulled although not asked for");
            }
        }
    }

    [TestMethod]
    public async Task PullExtern_RestoresOnlyThatNamespace_FromItsOwnRemote()
    {
        var mono = await CreateAsync();
        using var _ = mono.Repo;
        var pull = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "pull", "--extern", "pesto");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        StringAssert.Contains(pull.Stdout, "namespace pesto (models/pesto):", pull.ToString());
        AssertPresent(mono, "pesto", present: true);
        AssertPresent(mono, "carbonara", present: false);
        AssertPresent(mono, "shared", present: false);

        // A pattern selects within the namespace's own manifest: one that selects nothing there is DT0601 (issue 14).
        mono.ForgetAll();
        var none = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "pull", "--extern", "pesto", "--pattern", "data/other/**");
        Assert.AreEqual(2, none.ExitCode, none.ToString());
        StringAssert.StartsWith(none.Stderr, "error DT0601:", none.ToString());
        AssertPresent(mono, "pesto", present: false);
    }

    [TestMethod]
    public async Task PullExtern_ANamespaceWithoutARemote_UsesTheMonorepoRootsRemote_WhereverItRuns()
    {
        var mono = await CreateAsync();
        using var _ = mono.Repo;

        // From pesto, whose own remote lacks the object: the root's remote serves it, not the one of the repository.
        var pull = await mono.Repo.RunInAsync(mono.Dir("pesto"), "pull", "--extern", "shared");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        AssertPresent(mono, "shared", present: true);

        // Without a root remote it is DT0201, even from carbonara, whose remote happens to hold the object.
        SetRootRemote(mono.Repo, null);
        mono.ForgetAll();
        var noRoot = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "pull", "--extern", "shared");
        Assert.AreEqual(2, noRoot.ExitCode, noRoot.ToString());
        StringAssert.StartsWith(noRoot.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal)), "error DT0201: ", noRoot.ToString());
        AssertPresent(mono, "shared", present: false);
    }

    [TestMethod]
    public async Task PullAll_RestoresThisRepositoryAndEveryNamespace_EachOnce()
    {
        var mono = await CreateAsync();
        using var _ = mono.Repo;
        var pull = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "pull", "--all");
        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        foreach (var ns in new[] { "pesto", "carbonara", "shared" })
        {
            AssertPresent(mono, ns, present: true);
            Assert.AreEqual(1, pull.OutLines.Count(l => l == $"namespace {ns} (models/{ns}):"), $"{ns} is pulled exactly once\n{pull}");
        }

        // From the monorepo root, which has no manifest of its own: "shared" needs the remote configured there.
        SetRootRemote(mono.Repo, null);
        mono.ForgetAll();
        var noRootRemote = await mono.Repo.RunInAsync(mono.Repo.Root, "pull", "--all");
        Assert.AreEqual(2, noRootRemote.ExitCode, noRootRemote.ToString()); // DT0201 is an input error (docs/errors.md)
        StringAssert.StartsWith(noRootRemote.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal)), "error DT0201: ", noRootRemote.ToString());
        AssertPresent(mono, "pesto", present: true);

        SetRootRemote(mono.Repo, mono.Repo.Remote);
        mono.ForgetAll();
        var fromRoot = await mono.Repo.RunInAsync(mono.Repo.Root, "pull", "--all");
        Assert.AreEqual(0, fromRoot.ExitCode, fromRoot.ToString());
        foreach (var ns in new[] { "pesto", "carbonara", "shared" })
        {
            AssertPresent(mono, ns, present: true);
        }
    }

    [TestMethod]
    public async Task UnknownNamespace_IsDT0702ListingTheKnownOnes_AndNoExportJsonIsDT0705()
    {
        var mono = await CreateAsync();
        using var _ = mono.Repo;
        var unknown = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "pull", "--extern", "pestoo");
        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
        var error = unknown.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal));
        StringAssert.StartsWith(error, "error DT0702: ");
        StringAssert.Contains(error, "carbonara, pesto, shared");
        AssertPresent(mono, "pesto", present: false);

        using var lone = await TempRepo.CreateAsync();
        var none = await lone.RunAsync("pull", "--all");
        Assert.AreEqual(2, none.ExitCode, none.ToString());
        StringAssert.StartsWith(none.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal)), "error DT0705: ");
    }

    [TestMethod]
    public async Task DiffExtern_ComparesTheNamespacesManifest_AtARevisionAndInTheWorkingTree()
    {
        var mono = await CreateAsync();
        using var _ = mono.Repo;
        History.Git.Run(mono.Repo.Root, "add", "-A", ".");
        History.Git.Run(mono.Repo.Root, "commit", "-q", "-m", "monorepo");
        var pesto = mono.Dir("pesto");
        Directory.CreateDirectory(Path.Join(pesto, "data", "pesto", "1.5.0"));
        File.WriteAllBytes(Path.Join(pesto, "data", "pesto", "1.5.0", "model.pt"), TestBytes.Seeded(3000, 42));
        await RunOkIn(mono.Repo, pesto, "add", "data/pesto/1.5.0/model.pt");

        var diff = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "diff", "--extern", "pesto", "HEAD");
        Assert.AreEqual(0, diff.ExitCode, diff.ToString());
        Assert.IsTrue(diff.OutLines.Any(l => l.StartsWith("added", StringComparison.Ordinal) && l.Contains("data/pesto/1.5.0/model.pt", StringComparison.Ordinal)), diff.ToString());
        Assert.IsFalse(diff.Stdout.Contains("carbonara.bin", StringComparison.Ordinal), diff.ToString());

        var own = await mono.Repo.RunInAsync(mono.Dir("carbonara"), "diff", "HEAD");
        Assert.AreEqual(0, own.ExitCode, own.ToString());
        Assert.IsFalse(own.Stdout.Contains("1.5.0", StringComparison.Ordinal), "without --extern, diff reads the current repository's manifest\n" + own);
    }
}
