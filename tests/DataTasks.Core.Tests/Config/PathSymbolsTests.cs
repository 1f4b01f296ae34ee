using System.Text.Json.Nodes;
using DataTasks.Core.Config;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Config;

/// <summary>Each kind of $-symbol, and the two ways a symbol can fail (unknown, circular).</summary>
[TestClass]
public sealed class PathSymbolsTests
{
    private static readonly ConfigOrigin Repo = new(ConfigOriginKind.File, DataTasksConfig.FileName);

    private static PathSymbols Symbols(string? root = "/work/repo", Dictionary<string, string?>? env = null, params (string Name, string Value)[] symbols) =>
        new(root, EnvironmentVariables.From(env ?? new Dictionary<string, string?> { ["HOME"] = "/home/ann", ["USER"] = "ann" }),
            symbols.ToDictionary(s => s.Name, s => new ConfigValue("symbols." + s.Name, JsonValue.Create(s.Value), Repo), StringComparer.Ordinal));

    private static string Expand(PathSymbols symbols, string text) => symbols.Expand(text, "cache", Repo);

    [TestMethod]
    public void BuiltIns_Home_AndVariables()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the platform folders differ there; the rest of this class is the same everywhere.
        }

        var s = Symbols(env: new() { ["HOME"] = "/home/ann", ["USER"] = "ann", ["XDG_DATA_HOME"] = "/data" });
        Assert.AreEqual("/home/ann/x", Expand(s, "~/x"));
        Assert.AreEqual("/home/ann", Expand(s, "~"));
        Assert.AreEqual("a~b", Expand(s, "a~b"), "only a leading ~ is the home");
        Assert.AreEqual("/home/ann/.cache/dt", Expand(s, "$user_cache_dir/dt"));
        Assert.AreEqual("/data/dt", Expand(s, "${user_data_dir}/dt"));
        Assert.AreEqual("/home/ann/.local/share", Expand(Symbols(), "$user_data_dir"));
        Assert.AreEqual("/work/repo/../d", Expand(s, "$repo/../d"));
        Assert.AreEqual("/scratch/ann/x", Expand(s, "/scratch/$USER/x"));
        Assert.AreEqual("/scratch/ann.x", Expand(s, "/scratch/${USER}.x"));
        Assert.AreEqual("/price$5", Expand(s, "/price$$5"), "$$ is a literal $");
    }

    [TestMethod]
    public void UserSymbols_ExpandThroughEachOther()
    {
        var s = Symbols(symbols: [("scratch", "/scratch/$USER"), ("cache", "$scratch/cache")]);
        Assert.AreEqual("/scratch/ann/cache/objects", Expand(s, "$cache/objects"));
        Assert.AreEqual("/work/repo", Expand(Symbols(symbols: [("repo", "/elsewhere")]), "$repo"), "a user symbol cannot redefine a built-in");
    }

    [TestMethod]
    [DataRow("$nope/x", "$nope")]
    [DataRow("${nope}", "$nope")]
    [DataRow("/a/$EMPTY", "$EMPTY")]
    [DataRow("/a/$", "names no symbol")]
    [DataRow("/a/${USER", "no closing")]
    public void Unknown_IsAnErrorNamingIt(string text, string named)
    {
        var s = Symbols(env: new() { ["HOME"] = "/home/ann", ["USER"] = "ann", ["EMPTY"] = "" });
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigUnknownSymbol, () => Expand(s, text));
        Assert.Contains(named, ex.Message);
        Assert.Contains(".datatasks/config.json: \"cache\"", ex.Message);
        Assert.IsTrue(ex.IsUsageError);
    }

    [TestMethod]
    public void Repo_OutsideARepository_IsAnError()
    {
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigUnknownSymbol, () => Expand(Symbols(root: null), "$repo/x"));
        Assert.Contains("no repository", ex.Message);
    }

    [TestMethod]
    public void Cycle_IsAnErrorShowingTheCircle()
    {
        var s = Symbols(symbols: [("a", "$b/x"), ("b", "${c}"), ("c", "$a")]);
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigSymbolCycle, () => Expand(s, "$a"));
        Assert.Contains("$a -> $b -> $c -> $a", ex.Message);
        TestData.ThrowsCode(ErrorCodes.ConfigSymbolCycle, () => Expand(Symbols(symbols: [("self", "/x/$self")]), "$self"));
    }

    [TestMethod]
    public void HostOverrides_RedefineSymbols_ThroughTheLadder()
    {
        using var dir = new TempDir();
        dir.Write(".datatasks/config.json", """{"symbols": {"scratch": "/tmp/$USER"}, "cache": "$scratch/cache", "hosts": {"login*": {"symbols": {"scratch": "/scratch/$USER"}}}}""");
        var env = EnvironmentVariables.From(new Dictionary<string, string?> { ["USER"] = "ann", ["XDG_CONFIG_HOME"] = dir.Combine("no-user-config") });

        Assert.AreEqual("/tmp/ann/cache", ResolvedConfig.Resolve(dir.Path, env, "laptop").CacheDirectory());
        var login = ResolvedConfig.Resolve(dir.Path, env, "login3");
        Assert.AreEqual("/scratch/ann/cache", login.CacheDirectory());
        Assert.AreEqual("/scratch/$USER", login.Find("symbols.scratch")!.Text, "list shows a symbol as written");
    }

    [TestMethod]
    public void Remote_IsExpanded_AndItsErrorsNameTheFile()
    {
        using var dir = new TempDir();
        dir.Write(".datatasks/config.json", """{"remote": "$repo/../remote"}""");
        var env = EnvironmentVariables.From(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = dir.Combine("no-user-config") });
        Assert.AreEqual(dir.Path + "/../remote", DataTasksConfig.Load(dir.Path, null, env).Remote);

        dir.Write(".datatasks/config.json", """{"remote": "/data/$TEAM"}""");
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigUnknownSymbol, () => DataTasksConfig.Load(dir.Path, null, env));
        Assert.Contains("$TEAM", ex.Message);
        Assert.Contains(".datatasks/config.json: \"remote\"", ex.Message);
    }
}
