using DataTasks.Core.Config;
using DataTasks.Core.Remotes.S3;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Config;

/// <summary>
/// Each test gives the configuration its own environment (a dictionary), never the process's, so the tests run in
/// parallel with each other and with tests that read the real environment.
/// </summary>
[TestClass]
public sealed class DataTasksConfigTests
{
    private static readonly EnvironmentVariables NoVariables = EnvironmentVariables.From(new Dictionary<string, string?>());

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
    public void NoFiles_NoRemote()
    {
        using var dir = Repo(null, null);
        var config = DataTasksConfig.Load(dir.Path, null, NoVariables);
        Assert.IsNull(config.Remote);
        Assert.IsNull(config.RemoteSource);
        Assert.IsEmpty(config.Settings);
    }

    [TestMethod]
    public void ConfigJsonOnly_IsUsed()
    {
        using var dir = Repo("{\"remote\": \"../shared\", \"region\": \"eu\"}", null);
        var config = DataTasksConfig.Load(dir.Path, null, NoVariables);
        Assert.AreEqual("../shared", config.Remote);
        Assert.AreEqual(DataTasksConfig.FileName, config.RemoteSource);
        Assert.AreEqual("eu", (string?)config.Settings["region"]);
    }

    [TestMethod]
    public void LocalFile_OverridesConfigJson_KeyByKey()
    {
        using var dir = Repo(
            "{\"remote\": \"from-config\", \"region\": \"eu\", \"keep\": 1}",
            "// machine-local\n{\"remote\": \"from-local\", \"region\": \"us\", \"extra\": true,}");
        var config = DataTasksConfig.Load(dir.Path, null, NoVariables);

        Assert.AreEqual("from-local", config.Remote);
        Assert.AreEqual(DataTasksConfig.LocalFileName, config.RemoteSource);
        Assert.AreEqual("us", (string?)config.Settings["region"]);
        Assert.AreEqual(1, (int?)config.Settings["keep"], "keys only in config.json survive");
        Assert.IsTrue((bool?)config.Settings["extra"]);
    }

    [TestMethod]
    public void LocalFileWithoutRemote_KeepsConfigJsonRemote()
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", "{\"region\": \"us\"}");
        var config = DataTasksConfig.Load(dir.Path, null, NoVariables);
        Assert.AreEqual("from-config", config.Remote);
        Assert.AreEqual(DataTasksConfig.FileName, config.RemoteSource);
    }

    [TestMethod]
    public void Override_WinsOverBothFiles()
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", "{\"remote\": \"from-local\"}");
        var config = DataTasksConfig.Load(dir.Path, "from-option", NoVariables);
        Assert.AreEqual("from-option", config.Remote);
        Assert.AreEqual("--remote", config.RemoteSource);

        Assert.AreEqual("from-local", DataTasksConfig.Load(dir.Path, "  ", NoVariables).Remote, "a blank override is no override");
    }

    [TestMethod]
    public void EnvironmentVariable_SitsBetweenFilesAndOverride()
    {
        var fromEnv = EnvironmentVariables.From(new Dictionary<string, string?> { [DataTasksConfig.RemoteVariable] = "from-env" });
        using var dir = Repo("{\"remote\": \"from-config\"}", "{\"remote\": \"from-local\"}");

        var config = DataTasksConfig.Load(dir.Path, null, fromEnv);
        Assert.AreEqual("from-env", config.Remote);
        Assert.AreEqual(DataTasksConfig.RemoteVariable, config.RemoteSource);
        Assert.AreEqual("from-option", DataTasksConfig.Load(dir.Path, "from-option", fromEnv).Remote);
    }

    [TestMethod]
    public void RepositoryLoadConfig_UsesTheSameRules()
    {
        using var dir = Repo("{\"remote\": \"from-config\"}", null);
        var repo = DataRepository.At(dir.Path);
        Assert.AreEqual("from-config", repo.LoadConfig(null, NoVariables).Remote);
        Assert.AreEqual("x", repo.LoadConfig("x", NoVariables).Remote);
    }

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
    public void InvalidConfig_ThrowsConfigInvalid(string config, string? local)
    {
        using var dir = Repo(config, local);
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => DataTasksConfig.Load(dir.Path, "even-with-an-override", NoVariables));
        Assert.IsTrue(ex.IsUsageError);
        Assert.Contains(local is null ? "config.json" : "config.local.json", ex.Message);
    }

    [TestMethod]
    public void InvalidJson_MessageHasLineAndColumn()
    {
        using var dir = Repo("{\n  \"remote\": x\n}", null);
        var ex = TestData.ThrowsCode(ErrorCodes.ConfigInvalid, () => DataTasksConfig.Load(dir.Path, null, NoVariables));
        Assert.Contains(".datatasks/config.json:2:13:", ex.Message);
    }

    [TestMethod]
    public void RemoteNull_IsNoRemote()
    {
        using var dir = Repo("{\"remote\": null}", null);
        Assert.IsNull(DataTasksConfig.Load(dir.Path, null, NoVariables).Remote);
    }

    [TestMethod]
    public void Load_KeepsItsEnvironment_ForTheS3Settings()
    {
        using var dir = Repo("{\"remote\": \"s3://bucket/prefix\", \"s3\": {\"region\": \"from-config\"}}", null);
        var env = EnvironmentVariables.From(new Dictionary<string, string?> { ["AWS_REGION"] = "from-injected-env" });

        var config = DataTasksConfig.Load(dir.Path, null, env);

        Assert.AreSame(env, config.Variables);
        Assert.AreEqual("from-injected-env", S3Settings.Resolve(config.Remote!, config).Region, "the variables the config was loaded with, not the process's");
        Assert.AreEqual("from-config", S3Settings.Resolve(config.Remote!, DataTasksConfig.Load(dir.Path, null, NoVariables)).Region);
    }

    [TestMethod]
    public void Load_WithoutAnEnvironment_ReadsTheProcessEnvironment()
    {
        using var dir = Repo(null, null);
        Assert.AreSame(EnvironmentVariables.Process, DataTasksConfig.Load(dir.Path).Variables);
        Assert.AreSame(EnvironmentVariables.Process, DataRepository.At(dir.Path).LoadConfig().Variables);
    }
}
