using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Cli.Tests.Output;

namespace DataTasks.Cli.Tests.Selection;

/// <summary>
/// Issue 14: `pull --extern NS --pattern` and `pull --all --pattern` check every pattern against the chosen manifests
/// together, before anything is pulled: one that selects no entry in any of them is DT0601, as in the current
/// repository; one that selects entries of one namespace only is fine.
/// </summary>
[TestClass]
public sealed class ExternPullPatternTests
{
    private static readonly string[] Namespaces = ["carbonara", "pesto"];

    private sealed class Monorepo(TempRepo repo) : IDisposable
    {
        public TempRepo Repo { get; } = repo;

        public string Dir(string ns) => Path.Join(Repo.Root, "models", ns);

        /// <summary>The one file of a namespace: data/&lt;ns&gt;.bin.</summary>
        public bool Has(string ns) => File.Exists(Path.Join(Dir(ns), "data", ns + ".bin"));

        public Task<CliResult> PullAsync(params string[] args) => Repo.RunInAsync(Dir("carbonara"), ["pull", .. args]);

        public void Dispose() => Repo.Dispose();
    }

    private static async Task<Monorepo> CreateAsync()
    {
        var mono = new Monorepo(await TempRepo.CreateAsync(init: false));
        var seed = 1;
        foreach (var ns in Namespaces)
        {
            var dir = mono.Dir(ns);
            Directory.CreateDirectory(Path.Join(dir, "data"));
            File.WriteAllBytes(Path.Join(dir, "data", ns + ".bin"), TestBytes.Seeded(1000, seed++));
            foreach (var args in new[] { new[] { "init", "--no-install", "--remote", mono.Repo.Remote }, ["add", "data"], ["push"] })
            {
                var result = await mono.Repo.RunInAsync(dir, args);
                Assert.AreEqual(0, result.ExitCode, $"dotnet data {string.Join(' ', args)} in {dir}\n{result}");
            }

            Directory.Delete(Path.Join(dir, "data"), recursive: true);
        }

        File.WriteAllText(Path.Join(mono.Repo.Root, "export.json"), """{ "carbonara": "models/carbonara", "pesto": "models/pesto" }""");
        Directory.Delete(mono.Repo.Cache, recursive: true);
        return mono;
    }

    private static void AssertSelectsNothing(CliResult pull, string pattern, string where)
    {
        Assert.AreEqual(2, pull.ExitCode, pull.ToString());
        var error = pull.ErrLines.Single(l => l.StartsWith("error ", StringComparison.Ordinal));
        StringAssert.StartsWith(error, "error DT0601: ", pull.ToString());
        StringAssert.Contains(error, $"'{pattern}'", pull.ToString());
        StringAssert.Contains(error, where, pull.ToString());
    }

    [TestMethod]
    public async Task Extern_APatternSelectingNothingInTheNamespace_IsDT0601_AndPullsNothing()
    {
        using var mono = await CreateAsync();

        var pull = await mono.PullAsync("--extern", "pesto", "--pattern", "data/*.csv");

        AssertSelectsNothing(pull, "data/*.csv", "namespace pesto");
        Assert.IsFalse(mono.Has("pesto"), pull.ToString());
    }

    [TestMethod]
    public async Task Extern_APatternOfOneChosenNamespaceOnly_IsFine_AndPullsJustIt()
    {
        using var mono = await CreateAsync();

        var pull = await mono.PullAsync("--extern", "pesto", "--extern", "carbonara", "--pattern", "data/pesto.bin");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(mono.Has("pesto"), pull.ToString());
        Assert.IsFalse(mono.Has("carbonara"), pull.ToString());
    }

    [TestMethod]
    public async Task Extern_OneTypoAmongGoodPatterns_IsDT0601_BeforeAnythingIsPulled()
    {
        using var mono = await CreateAsync();

        var pull = await mono.PullAsync("--extern", "pesto", "--pattern", "data/**", "--pattern", "dta/**");

        AssertSelectsNothing(pull, "dta/**", "namespace pesto");
        Assert.IsFalse(mono.Has("pesto"), "the good pattern's entries were pulled before the typo was reported\n" + pull);
    }

    [TestMethod]
    public async Task All_APatternSelectingNothingAnywhere_IsDT0601_AndPullsNothing()
    {
        using var mono = await CreateAsync();

        var pull = await mono.PullAsync("--all", "--pattern", "data/sub/*");

        AssertSelectsNothing(pull, "data/sub/*", "any namespace");
        Assert.IsFalse(mono.Has("pesto") || mono.Has("carbonara"), pull.ToString());
    }

    [TestMethod]
    public async Task All_APatternSelectingInOneNamespace_PullsOnlyThat()
    {
        using var mono = await CreateAsync();

        var pull = await mono.PullAsync("--all", "--pattern", "data/carbonara.*");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        Assert.IsTrue(mono.Has("carbonara"), pull.ToString());
        Assert.IsFalse(mono.Has("pesto"), pull.ToString());
    }

    [TestMethod]
    public async Task All_Json_IsOneObject_WithOneReportPerRepository()
    {
        using var mono = await CreateAsync();

        var pull = await mono.PullAsync("--all", "--json");

        Assert.AreEqual(0, pull.ExitCode, pull.ToString());
        using var doc = JsonAssert.ParseWhole(pull);
        var repositories = doc.RootElement.GetProperty("repositories").EnumerateArray().ToList();
        CollectionAssert.AreEquivalent(Namespaces, repositories.Select(r => r.GetProperty("namespace").GetString()).ToArray(), pull.ToString());
        foreach (var r in repositories)
        {
            var ns = r.GetProperty("namespace").GetString();
            Assert.AreEqual($"models/{ns}", r.GetProperty("root").GetString(), pull.ToString());
            var item = r.GetProperty("items").EnumerateArray().Single();
            Assert.AreEqual($"data/{ns}.bin", item.GetProperty("path").GetString(), pull.ToString());
            Assert.AreEqual("downloaded", item.GetProperty("outcome").GetString(), pull.ToString());
        }

        JsonAssert.AuditNaming(doc.RootElement, "pull --all");
    }
}
