using System.Text;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// An endpoint set only by <c>endpoint_url</c> in the AWS config file (AWS_CONFIG_FILE), not in .datatasks: the SDK
/// sends requests there, so DataTasks must see it too and choose the generic preset, as it does for
/// AWS_ENDPOINT_URL_S3. Otherwise it keeps the aws preset and radosgw refuses its trailer checksums: pushes fail where
/// pulls work. The real tool runs as a child process with a real config file in a temp folder.
/// </summary>
[TestClass]
public sealed class AwsConfigEndpointTests
{
    [TestMethod]
    [DataRow("default", DisplayName = "[default] endpoint_url")]
    [DataRow("profile", DisplayName = "[profile strict] endpoint_url, AWS_PROFILE=strict")]
    [DataRow("services", DisplayName = "[profile strict] services = local, [services local] s3 = endpoint_url")]
    [DataRow("s3-profile", DisplayName = "[profile strict] endpoint_url, \"s3.profile\": \"strict\"")]
    public async Task EndpointOnlyInTheAwsConfigFile_PushAndPullBothWork(string where)
    {
        using var world = await RadosWorld.CreateAsync(provider: null, withEndpoint: false);
        var repo = world.Repo;
        if (where == "s3-profile")
        {
            world.WriteConfig(provider: null, new() { ["profile"] = "strict" }, withEndpoint: false);
        }

        // A named profile must hold its own keys: the SDK takes a named profile's credentials from it alone.
        var endpoint = world.Gateway.Endpoint;
        var keys = $"aws_access_key_id = {S3Environment.AccessKey}\naws_secret_access_key = {S3Environment.SecretKey}\n";
        var configText = where switch
        {
            "default" => $"[default]\nregion = us-east-1\nendpoint_url = {endpoint}\n",
            "services" => $"[default]\nregion = us-east-1\n\n[profile strict]\nregion = us-east-1\n{keys}services = local\n\n" +
                          $"[services local]\ns3 =\n  endpoint_url = {endpoint}\n",
            _ => $"# a developer's profiles\n[default]\nregion = us-east-1\n\n[profile strict]\nregion = us-east-1\n{keys}endpoint_url = {endpoint}\n",
        };
        var configFile = Path.Join(repo.Base, "aws", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(configFile)!);
        File.WriteAllText(configFile, configText, new UTF8Encoding(false));
        var environment = new Dictionary<string, string?> { ["AWS_CONFIG_FILE"] = configFile };
        if (where is "profile" or "services")
        {
            environment["AWS_PROFILE"] = "strict";
        }

        var content = repo.WriteRandom("data/a.bin", 40_000, 1);
        await repo.RunOkAsync("add", "data");
        var push = await repo.RunProcessAsync(["push"], environment);
        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        StringAssert.Contains(push.Stdout, "pushed 1 file (", push.ToString());
        CollectionAssert.AreEqual(content, await world.ReadObjectAsync(RadosWorld.BucketKey(TestHash.Sha256(content))), "the object went to the config file's endpoint");

        Directory.Delete(repo.PathOf("data"), recursive: true);
        TempDir.DeleteDirectory(repo.Cache);
        var pull = await repo.RunProcessAsync(["pull"], environment);
        Assert.AreEqual(0, pull.ExitCode, world.Diagnostics(pull));
        CollectionAssert.AreEqual(content, repo.Read("data/a.bin"));
    }
}
