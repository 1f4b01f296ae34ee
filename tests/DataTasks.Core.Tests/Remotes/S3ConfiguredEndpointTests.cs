using System.Text;
using System.Text.Json.Nodes;
using DataTasks.Core.Remotes.S3;

namespace DataTasks.Core.Tests.Remotes;

/// <summary>
/// The endpoint S3Settings resolves from the AWS config file's endpoint_url (a real file in a temp folder, named by
/// AWS_CONFIG_FILE or found under HOME), in the AWS SDK's order with the environment variables, and the preset it implies.
/// </summary>
[TestClass]
public sealed class S3ConfiguredEndpointTests
{
    private const string Url = "s3://bucket/prefix";

    private string? folder;

    private string WriteConfig(string text)
    {
        var dir = Path.Join(Path.GetTempPath(), "dt-core-tests", "aws-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(dir, ".aws"));
        var path = Path.Join(dir, ".aws", "config");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        folder = dir;
        return path;
    }

    [TestCleanup]
    public void DeleteConfig()
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static S3Settings Resolve(Dictionary<string, string> environment, JsonObject? s3 = null) =>
        S3Settings.Resolve(Url, new JsonObject { ["s3"] = s3?.DeepClone() ?? new JsonObject() }, name => environment.GetValueOrDefault(name));

    private const string Profiles =
        "# comments and blank lines\n" +
        "[default]\n" +
        "region = eu-west-1\n" +
        "endpoint_url = http://default.example:9000   # the default profile's store\n" +
        "\n" +
        "[profile   local ]\n" +
        "endpoint_url=http://local.example:9000\n" +
        "aws_secret_access_key = not-kept\n" +
        "\n" +
        "[profile svc]\n" +
        "endpoint_url = http://global.example:9000\n" +
        "services = stores\n" +
        "\n" +
        "[services stores]\n" +
        "dynamodb =\n" +
        "  endpoint_url = http://dynamo.example:8000\n" +
        "s3 =\n" +
        "  endpoint_url = http://s3-service.example:9000\n" +
        "\n" +
        "[profile ignoring]\n" +
        "endpoint_url = http://ignored.example:9000\n" +
        "ignore_configured_endpoint_urls = true\n";

    [TestMethod]
    public void DefaultProfilesEndpointUrl_IsTheEndpoint_AndChoosesTheGenericPreset()
    {
        var path = WriteConfig(Profiles);
        var settings = Resolve(new() { ["AWS_CONFIG_FILE"] = path });
        Assert.AreEqual("http://default.example:9000", settings.Endpoint);
        Assert.AreEqual(S3Provider.Generic, settings.Provider);
        Assert.IsFalse(settings.ChunkedEncoding, "the generic preset sends no aws-chunked bodies");
    }

    [TestMethod]
    public void ConfigFileUnderHome_IsReadWithoutAwsConfigFile()
    {
        var path = WriteConfig(Profiles);
        var home = Path.GetDirectoryName(Path.GetDirectoryName(path))!;
        Assert.AreEqual("http://default.example:9000", Resolve(new() { ["HOME"] = home }).Endpoint);
    }

    [TestMethod]
    [DataRow("AWS_PROFILE", DisplayName = "AWS_PROFILE")]
    [DataRow("s3.profile", DisplayName = "\"s3.profile\"")]
    public void NamedProfilesEndpointUrl_IsTheEndpoint(string how)
    {
        var path = WriteConfig(Profiles);
        var environment = new Dictionary<string, string> { ["AWS_CONFIG_FILE"] = path };
        JsonObject? s3 = null;
        if (how == "AWS_PROFILE")
        {
            environment["AWS_PROFILE"] = "local";
        }
        else
        {
            s3 = new JsonObject { ["profile"] = "local" };
        }

        Assert.AreEqual("http://local.example:9000", Resolve(environment, s3).Endpoint);
    }

    [TestMethod]
    public void ServicesSectionsS3EndpointUrl_BeatsTheProfilesOwn()
    {
        var path = WriteConfig(Profiles);
        Assert.AreEqual("http://s3-service.example:9000", Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_PROFILE"] = "svc" }).Endpoint);
    }

    [TestMethod]
    public void EnvironmentVariables_BeatTheConfigFile_InTheSdksOrder()
    {
        var path = WriteConfig(Profiles);
        Assert.AreEqual("http://env-global.example:9000", Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_ENDPOINT_URL"] = "http://env-global.example:9000" }).Endpoint);
        Assert.AreEqual("http://env-s3.example:9000", Resolve(new()
        {
            ["AWS_CONFIG_FILE"] = path, ["AWS_ENDPOINT_URL"] = "http://env-global.example:9000", ["AWS_ENDPOINT_URL_S3"] = "http://env-s3.example:9000",
        }).Endpoint);
    }

    [TestMethod]
    public void RepositorysS3Endpoint_BeatsTheConfigFilesEndpoint_ButNotTheVariables()
    {
        var path = WriteConfig(Profiles);
        var s3 = new JsonObject { ["endpoint"] = "http://committed.example:9000" };
        Assert.AreEqual("http://committed.example:9000", Resolve(new() { ["AWS_CONFIG_FILE"] = path }, s3).Endpoint);
        Assert.AreEqual("http://committed.example:9000", Resolve(new() { ["AWS_CONFIG_FILE"] = path + ".missing" }, s3).Endpoint);
        Assert.AreEqual("http://env.example:9000", Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_ENDPOINT_URL_S3"] = "http://env.example:9000" }, s3).Endpoint);
    }

    [TestMethod]
    public void IgnoreConfiguredEndpointUrls_InTheProfileOrTheEnvironment_IgnoresFileAndVariables()
    {
        var path = WriteConfig(Profiles);
        var profile = Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_PROFILE"] = "ignoring", ["AWS_ENDPOINT_URL_S3"] = "http://env-s3.example:9000" });
        Assert.IsNull(profile.Endpoint);
        Assert.AreEqual(S3Provider.Aws, profile.Provider);

        var environment = Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true" }, new JsonObject { ["endpoint"] = "http://committed.example:9000" });
        Assert.AreEqual("http://committed.example:9000", environment.Endpoint, "s3.endpoint is DataTasks' own, not a configured endpoint URL");

        var overridden = Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_PROFILE"] = "ignoring", ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false" });
        Assert.AreEqual("http://ignored.example:9000", overridden.Endpoint, "the variable beats the profile's setting");
    }

    [TestMethod]
    public void NoConfigFile_OrAProfileWithoutEndpoint_LeavesTheAwsPreset()
    {
        Assert.AreEqual(S3Provider.Aws, Resolve(new()).Provider);
        var path = WriteConfig("[profile plain]\nregion = us-east-2\n");
        var settings = Resolve(new() { ["AWS_CONFIG_FILE"] = path, ["AWS_PROFILE"] = "plain" });
        Assert.IsNull(settings.Endpoint);
        Assert.AreEqual(S3Provider.Aws, settings.Provider);
    }
}
