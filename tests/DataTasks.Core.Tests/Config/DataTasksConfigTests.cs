using DataTasks.Core.Config;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Config;

/// <summary>
/// These tests set process environment variables for their duration (restored afterwards). MSTest runs the tests of
/// this assembly one at a time (no [Parallelize] is configured), so no other test sees the change.
/// </summary>
[TestClass]
public sealed class DataTasksConfigTests
{
    private static void WithEnvironment(string name, string? value, Action body)
    {
        var saved = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            body();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, saved);
        }
    }

    private static TempDir Repo(string? config, string? local)
    {
        var dir = new TempDir();
        if (config is not null)
        {
            dir.Write(".datatasks/config.json", config);
        }

        if (local is not null)
        {
            dir.Write(".datatasks/config.local.json", local);
        }

        return dir;
    }

    [TestMethod]
    public void NoFiles_NoRemote() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo(null, null);
        var config = DataTasksConfig.Load(dir.Path);
        Assert.IsNull(config.Remote);
        Assert.IsNull(config.RemoteSource);
        Assert.IsEmpty(config.Settings);
    });

    [TestMethod]
    public void ConfigJsonOnly_IsUsed() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo("{\"remote\": \"../shared\", \"region\": \"eu\"}", null);
        var config = DataTasksConfig.Load(dir.Path);
        Assert.AreEqual("../shared", config.Remote);
        Assert.AreEqual(DataTasksConfig.FileName, config.RemoteSource);
        Assert.AreEqual("eu", (string?)config.Settings["region"]);
    });

    [TestMethod]
    public void LocalFile_OverridesConfigJson_KeyByKey() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo(
            "{\"remote\": \"from-config\", \"region\": \"eu\", \"keep\": 1}",
            "// machine-local\n{\"remote\": \"from-local\", \"region\": \"us\", \"extra\": true,}");
        var config = DataTasksConfig.Load(dir.Path);

        Assert.AreEqual("from-local", config.Remote);
        Assert.AreEqual(DataTasksConfig.LocalFileName, config.RemoteSource);
        Assert.AreEqual("us", (string?)config.Settings["region"]);
        Assert.AreEqual(1, (int?)config.Settings["keep"], "keys only in config.json survive");
        Assert.IsTrue((bool?)config.Settings["extra"]);
    });

    [TestMethod]
    public void LocalFileWithoutRemote_KeepsConfigJsonRemote() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", "{\"region\": \"us\"}");
        var config = DataTasksConfig.Load(dir.Path);
        Assert.AreEqual("from-config", config.Remote);
        Assert.AreEqual(DataTasksConfig.FileName, config.RemoteSource);
    });

    [TestMethod]
    public void Override_WinsOverBothFiles() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", "{\"remote\": \"from-local\"}");
        var config = DataTasksConfig.Load(dir.Path, "from-option");
        Assert.AreEqual("from-option", config.Remote);
        Assert.AreEqual("--remote", config.RemoteSource);

        Assert.AreEqual("from-local", DataTasksConfig.Load(dir.Path, "  ").Remote, "a blank override is no override");
    });

    [TestMethod]
    public void EnvironmentVariable_SitsBetweenFilesAndOverride() => WithEnvironment(DataTasksConfig.RemoteVariable, "from-env", () =>
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", "{\"remote\": \"from-local\"}");

        var config = DataTasksConfig.Load(dir.Path);
        Assert.AreEqual("from-env", config.Remote);
        Assert.AreEqual(DataTasksConfig.RemoteVariable, config.RemoteSource);
        Assert.AreEqual("from-option", DataTasksConfig.Load(dir.Path, "from-option").Remote);
    });

    [TestMethod]
    public void RepositoryLoadConfig_UsesTheSameRules() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", null);
        var repo = DataRepository.At(dir.Path);
        Assert.AreEqual("from-config", repo.LoadConfig().Remote);
        Assert.AreEqual("x", repo.LoadConfig("x").Remote);
    });

    [TestMethod]
    [DataRow("{\"remote\": ", null, DisplayName = "config.json truncated")]
    [DataRow("not json", null, DisplayName = "config.json not JSON")]
    [DataRow("", null, DisplayName = "config.json empty")]
    [DataRow("[1]", null, DisplayName = "config.json array")]
    [DataRow("null", null, DisplayName = "config.json null")]
    [DataRow("{\"remote\": 5}", null, DisplayName = "remote number")]
    [DataRow("{\"remote\": \"\"}", null, DisplayName = "remote empty")]
    [DataRow("{\"remote\": [\"a\"]}", null, DisplayName = "remote array")]
    [DataRow("{\"remote\": \"a\", \"remote\": \"b\"}", null, DisplayName = "remote twice")]
    [DataRow("{\"remote\": \"ok\"}", "{oops}", DisplayName = "local file invalid")]
    public void InvalidConfig_ThrowsConfigInvalid(string config, string? local) => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo(config, local);
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => DataTasksConfig.Load(dir.Path, "even-with-an-override"));
        Assert.IsTrue(ex.IsUsageError);
        Assert.Contains(local is null ? "config.json" : "config.local.json", ex.Message);
    });

    [TestMethod]
    public void InvalidJson_MessageHasLineAndColumn() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo("{\n  \"remote\": x\n}", null);
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => DataTasksConfig.Load(dir.Path));
        Assert.Contains(".datatasks/config.json:2:13:", ex.Message);
    });

    [TestMethod]
    public void RemoteNull_IsNoRemote() => WithEnvironment(DataTasksConfig.RemoteVariable, null, () =>
    {
        using var dir = Repo("{\"remote\": null}", null);
        Assert.IsNull(DataTasksConfig.Load(dir.Path).Remote);
    });
}

[TestClass]
public sealed class MachineCacheLocationTests
{
    [TestMethod]
    public void Resolve_ExplicitOverride_WinsAndIsMadeAbsolute()
    {
        var saved = Environment.GetEnvironmentVariable(MachineCacheLocation.Variable);
        Environment.SetEnvironmentVariable(MachineCacheLocation.Variable, Path.Join(Path.GetTempPath(), "from-env"));
        try
        {
            using var dir = new TempDir();
            Assert.AreEqual(dir.Path, MachineCacheLocation.Resolve(dir.Path));
            Assert.AreEqual(Path.GetFullPath("relative-cache"), MachineCacheLocation.Resolve("relative-cache"));
            Assert.AreEqual(Path.Join(Path.GetTempPath(), "from-env"), MachineCacheLocation.Resolve(null), "no override: the variable");
            Assert.AreEqual(Path.Join(Path.GetTempPath(), "from-env"), MachineCacheLocation.Resolve(" "), "a blank override is no override");
        }
        finally
        {
            Environment.SetEnvironmentVariable(MachineCacheLocation.Variable, saved);
        }
    }

    [TestMethod]
    public void Resolve_NoOverrideNoVariable_UsesThePlatformDefault()
    {
        var saved = Environment.GetEnvironmentVariable(MachineCacheLocation.Variable);
        var savedXdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        Environment.SetEnvironmentVariable(MachineCacheLocation.Variable, null);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.AreEqual(Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "datatasks"), MachineCacheLocation.Resolve());
                return;
            }

            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/xdg/cache");
            Assert.AreEqual("/xdg/cache/datatasks", MachineCacheLocation.Resolve());
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "relative/cache");
            var home = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "datatasks");
            Assert.AreEqual(home, MachineCacheLocation.Resolve(), "a relative XDG_CACHE_HOME is ignored");
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            Assert.AreEqual(home, MachineCacheLocation.Resolve());
        }
        finally
        {
            Environment.SetEnvironmentVariable(MachineCacheLocation.Variable, saved);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", savedXdg);
        }
    }
}
