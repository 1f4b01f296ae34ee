using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// The aws preset against radosgw 16, which does not accept the SDK's streaming trailer checksums (aws-chunked bodies
/// with a CRC32 trailer): the push fails with DT0215 naming the settings that fix it, and each named fix works.
/// </summary>
[TestClass]
public sealed class RadosGatewayChecksumTests
{
    [TestMethod]
    public async Task Push_AwsPresetAgainstAServerWithoutTrailerChecksums_FailsWithDT0215_NamingTheSettingsThatFixIt()
    {
        using var world = await RadosWorld.CreateAsync("aws");
        var content = world.Repo.WriteRandom("data/a.bin", 50_000, 1);
        await world.Repo.RunOkAsync("add", "data");
        var manifest = world.Repo.ManifestText;

        var push = await world.Repo.RunAsync("push");

        Assert.AreEqual(1, push.ExitCode, world.Diagnostics(push));
        var error = push.ErrLines.FirstOrDefault(l => l.StartsWith("error DT0215: ", StringComparison.Ordinal));
        Assert.IsNotNull(error, push.ToString());
        StringAssert.Contains(error, "does not accept streaming trailer checksums", push.ToString());
        StringAssert.Contains(error, "\"provider\": \"generic\"", push.ToString());
        StringAssert.Contains(error, "\"checksum\": \"when_required\"", push.ToString());
        StringAssert.Contains(error, "\"chunked_encoding\": false", push.ToString());
        Assert.IsFalse(push.Stderr.Contains("   at ", StringComparison.Ordinal), push.ToString());
        Assert.AreEqual(manifest, world.Repo.ManifestText, "a failed push writes no key");
        CollectionAssert.DoesNotContain(await world.ListKeysAsync(), RadosWorld.BucketKey(TestHash.Sha256(content)), "nothing reached the bucket");
    }

    [TestMethod]
    [DataRow("provider", "generic")]
    [DataRow("checksum", "when_required")]
    [DataRow("chunked_encoding", "false")]
    public async Task Push_EachFixTheDT0215MessageNames_MakesTheAwsPresetPushWork(string setting, string value)
    {
        var extra = new JsonObject { [setting] = value == "false" ? JsonValue.Create(false) : JsonValue.Create(value) };
        using var world = await RadosWorld.CreateAsync(setting == "provider" ? null : "aws", extra);
        var content = world.Repo.WriteRandom("data/a.bin", 50_000, 2);
        await world.Repo.RunOkAsync("add", "data");

        var push = await world.Repo.RunAsync("push");

        Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
        CollectionAssert.AreEqual(content, await world.ReadObjectAsync(RadosWorld.BucketKey(TestHash.Sha256(content))));
    }
}
