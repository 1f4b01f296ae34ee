using DataTasks.Core.Config;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Config;

/// <summary>
/// The ladder's precedence, rung by rung, on real files: a repository folder and a user config folder under one
/// temp folder, and a dictionary environment (never the process's), so tests run in parallel.
/// </summary>
[TestClass]
public sealed class ConfigLadderTests
{
    /// <summary>A repository and a user config folder side by side, with HOME and XDG_CONFIG_HOME pointing into the temp folder.</summary>
    private sealed class World : IDisposable
    {
        private readonly TempDir dir = new();

        public string Root => dir.Combine("repo");

        public string UserFile => dir.Combine("xdg/datatasks/config.json");

        public string Home => dir.Combine("home");

        public void Repo(string json) => dir.Write("repo/.datatasks/config.json", json);

        public void Local(string json) => dir.Write("repo/.datatasks/config.local.json", json);

        public void User(string json) => dir.Write("xdg/datatasks/config.json", json);

        public EnvironmentVariables Env(params (string Name, string Value)[] variables)
        {
            var values = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = dir.Combine("xdg"), ["HOME"] = Home };
            foreach (var (name, value) in variables)
            {
                values[name] = value;
            }

            return EnvironmentVariables.From(values);
        }

        public ResolvedConfig Resolve(EnvironmentVariables? env = null, string host = "laptop") =>
            ResolvedConfig.Resolve(Root, env ?? Env(), host);

        public void Dispose() => dir.Dispose();
    }

    private static World NewWorld()
    {
        var world = new World();
        Directory.CreateDirectory(world.Root);
        return world;
    }

    [TestMethod]
    public void EveryRung_WinsOverTheOnesBelowIt()
    {
        using var w = NewWorld();
        w.User("""{"remote": "user", "a": "user", "b": "user", "c": "user", "d": "user"}""");
        w.Repo("""{"remote": "repo", "a": "repo", "b": "repo", "c": "repo", "hosts": {"login*": {"remote": "host", "a": "host", "b": "host"}}}""");
        w.Local("""{"remote": "local", "a": "local"}""");
        var env = w.Env(("DATATASKS_REMOTE", "env"));

        var config = w.Resolve(env, host: "login1");

        Assert.AreEqual("env", config.Find("remote")!.Text);
        Assert.AreEqual(new ConfigOrigin(ConfigOriginKind.Variable, "DATATASKS_REMOTE"), config.Find("remote")!.Origin);
        Assert.AreEqual("local", config.Find("a")!.Text);
        Assert.AreEqual(".datatasks/config.local.json", config.Find("a")!.Origin.ToString());
        Assert.AreEqual("host", config.Find("b")!.Text);
        Assert.AreEqual(".datatasks/config.json hosts[login*]", config.Find("b")!.Origin.ToString());
        Assert.AreEqual("repo", config.Find("c")!.Text);
        Assert.AreEqual("file:.datatasks/config.json", config.Find("c")!.Origin.Display);
        Assert.AreEqual("user", config.Find("d")!.Text);
        Assert.AreEqual(w.UserFile, config.Find("d")!.Origin.ToString());
        Assert.AreEqual(ConfigOrigin.Default, config.Find("cache")!.Origin);
        Assert.IsFalse(config.Settings.ContainsKey("hosts"), "host overrides are applied, not settings");

        var remote = DataTasksConfig.From(config);
        Assert.AreEqual("env", remote.Remote);
        Assert.AreEqual("DATATASKS_REMOTE", remote.RemoteSource);
        Assert.AreEqual("local", DataTasksConfig.From(w.Resolve(host: "login1")).Remote);
    }

    [TestMethod]
    public void NestedKeys_MergeLeafByLeaf_EachWithItsOrigin()
    {
        using var w = NewWorld();
        w.User("""{"s3": {"region": "eu", "endpoint": "https://user"}}""");
        w.Repo("""{"s3": {"endpoint": "https://repo", "profile": "team"}}""");

        var config = w.Resolve(w.Env(("DATATASKS_S3_PROFILE", "mine")));

        Assert.AreEqual("eu", config.Find("s3.region")!.Text);
        Assert.AreEqual(ConfigOriginKind.File, config.Find("s3.region")!.Origin.Kind);
        Assert.AreEqual("https://repo", config.Find("s3.endpoint")!.Text);
        Assert.AreEqual("mine", config.Find("s3.profile")!.Text, "a variable sets a key a file mentions");
        Assert.AreEqual("mine", (string?)config.Settings["s3"]!["profile"], "and the merged settings see it");
        Assert.IsNull(config.Find("s3"), "sections are not values");
    }

    [TestMethod]
    public void HostOverrides_OnlyMatchingHosts_AndTheFirstMatchingGlobWins()
    {
        using var w = NewWorld();
        w.Repo("""{"cache": "/plain", "hosts": {"login[12].hpc.example.edu": {"cache": "/first"}, "*.hpc.example.edu": {"cache": "/second", "x": 1}}}""");

        Assert.AreEqual("/plain", w.Resolve(host: "laptop").Find("cache")!.Text);
        var login = w.Resolve(host: "LOGIN2.hpc.example.edu");
        Assert.AreEqual("/first", login.Find("cache")!.Text, "host names match without case; the first glob wins");
        Assert.AreEqual("login[12].hpc.example.edu", login.Find("cache")!.Origin.HostGlob);
        Assert.AreEqual(1, (int?)login.Find("x")!.Value, "later globs still set what the first does not");
        Assert.AreEqual("/second", w.Resolve(host: "node7.hpc.example.edu").Find("cache")!.Text);
        Assert.AreEqual("/second", w.Resolve(w.Env((ResolvedConfig.HostNameVariable, "node7.hpc.example.edu")), host: null!).Find("cache")!.Text,
            "DATATASKS_HOSTNAME names the host when the caller does not");
    }

    [TestMethod]
    [DataRow("login[1", DisplayName = "unclosed class")]
    [DataRow("", DisplayName = "empty")]
    [DataRow("login 1", DisplayName = "space")]
    [DataRow("a/b", DisplayName = "slash")]
    [DataRow("[]x", DisplayName = "empty class")]
    [DataRow("[z-a]", DisplayName = "reversed range")]
    public void InvalidHostGlob_IsAnErrorEvenWhenItWouldNotMatch(string glob)
    {
        using var w = NewWorld();
        w.Repo("{\"hosts\": {" + System.Text.Json.JsonSerializer.Serialize(glob) + ": {\"cache\": \"/x\"}}}");
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigHostGlobInvalid, () => w.Resolve());
        Assert.Contains(".datatasks/config.json", ex.Message);
        Assert.IsTrue(ex.IsUsageError);
    }

    [TestMethod]
    public void Cache_EveryRung_AndRelativePaths()
    {
        using var w = NewWorld();
        Assert.AreEqual(Path.Join(w.Home, ".cache", "datatasks"), w.Resolve().CacheDirectory(), "the default is $user_cache_dir/datatasks");
        Assert.AreEqual("/xdg-cache/datatasks", w.Resolve(w.Env(("XDG_CACHE_HOME", "/xdg-cache"))).CacheDirectory());

        w.User("""{"cache": "user-cache"}""");
        Assert.AreEqual(Path.Join(Path.GetDirectoryName(w.UserFile), "user-cache"), w.Resolve().CacheDirectory(), "relative to the user's file");

        w.Repo("""{"cache": "$repo/../repo-cache"}""");
        Assert.AreEqual(Path.GetFullPath(Path.Join(w.Root, "..", "repo-cache")), w.Resolve().CacheDirectory());

        w.Local("""{"cache": "local-cache"}""");
        Assert.AreEqual(Path.Join(w.Root, "local-cache"), w.Resolve().CacheDirectory(), "relative to the root in a repository file");

        Assert.AreEqual("/from-old-variable", w.Resolve(w.Env((MachineCacheLocation.Variable, "/from-old-variable"))).CacheDirectory(), "DATATASKS_CACHE_DIR still works");
        Assert.AreEqual("/from-variable", w.Resolve(w.Env(("DATATASKS_CACHE", "/from-variable"), (MachineCacheLocation.Variable, "/from-old-variable"))).CacheDirectory(), "DATATASKS_CACHE first");
        Assert.AreEqual(Path.Join(w.Root, "local-cache"), MachineCacheLocation.Resolve(null, w.Env(), w.Root));
        Assert.AreEqual("/opt", MachineCacheLocation.Resolve("/opt", w.Env(), w.Root), "the override wins");
    }

    [TestMethod]
    public void OutsideARepository_OnlyTheUserFileAndVariables()
    {
        using var w = NewWorld();
        w.User("""{"remote": "from-user"}""");
        w.Repo("""{"remote": "from-repo"}""");
        var config = ResolvedConfig.Resolve(null, w.Env(), "laptop");
        Assert.AreEqual("from-user", config.Find("remote")!.Text);
        Assert.IsNull(config.RepositoryRoot);
    }

    [TestMethod]
    public void VariablesForKnownKeys_WorkWithoutAnyFile_AndTypedTextIsParsed()
    {
        using var w = NewWorld();
        var config = w.Resolve(w.Env(("DATATASKS_FOLLOW_SYMLINKS", "true"), ("DATATASKS_GC_GRACE", "3d"), ("DATATASKS_REMOTE", "  ")));
        Assert.IsTrue((bool?)config.Settings["follow_symlinks"]);
        Assert.AreEqual("3d", (string?)config.Settings["gc"]!["grace"]);
        Assert.IsNull(config.Find("remote"), "a blank variable is no variable");
        Assert.AreEqual("DATATASKS_GC_GRACE", config.Find("gc.grace")!.Origin.Name);
    }

    [TestMethod]
    public void InvalidUserFile_NamesIt()
    {
        using var w = NewWorld();
        w.User("{oops");
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => w.Resolve());
        Assert.Contains(w.UserFile, ex.Message);
    }

    [TestMethod]
    public void RemoteInAHostOverride_IsCheckedLikeAnyRemote()
    {
        using var w = NewWorld();
        w.Repo("""{"hosts": {"*": {"remote": 5}}}""");
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => w.Resolve());
        Assert.Contains(".datatasks/config.json hosts[*]", ex.Message);
    }
}
