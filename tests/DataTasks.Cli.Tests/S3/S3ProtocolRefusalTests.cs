using System.Text.Json.Nodes;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// Stores that refuse an upload's checksum headers or aws-chunked body with a status rather than a hash mismatch
/// (a 501 NotImplemented, as older MinIO and R2 answer for a header they do not implement; a 411 for a chunked body
/// without Content-Length): the proxy in front of s3rver answers the upload so, and the push reports DT0215.
/// </summary>
[TestClass]
public sealed class S3ProtocolRefusalTests
{
    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    [TestMethod]
    [DataRow(501, "NotImplemented", "when_supported", false, DisplayName = "501 NotImplemented, flexible checksums")]
    [DataRow(411, "MissingContentLength", "when_required", true, DisplayName = "411 MissingContentLength, aws-chunked bodies")]
    public async Task UploadRefusedForItsChecksumOrEncoding_IsDT0215_NamingTheSettings(int status, string code, string checksum, bool chunked)
    {
        await using var world = await S3World.CreateAsync(withProxy: true, new JsonObject { ["checksum"] = checksum, ["chunked_encoding"] = chunked });
        world.Repo.WriteRandom("data/a.bin", 20_000, 1);
        await world.Repo.RunOkAsync("add", "data");
        world.Proxy!.Faults = FaultPlan.None.Every(1, "PUT", new Fault.Status(status, code));

        var push = await world.Repo.RunAsync("push");

        Assert.AreEqual(1, push.ExitCode, world.Diagnostics(push));
        var error = push.ErrLines.FirstOrDefault(l => l.StartsWith("error DT0215: ", StringComparison.Ordinal));
        Assert.IsNotNull(error, world.Diagnostics(push));
        StringAssert.Contains(error, code, push.ToString());
        StringAssert.Contains(error, "\"checksum\": \"when_required\"", push.ToString());
        StringAssert.Contains(error, "\"chunked_encoding\": false", push.ToString());
    }

    [TestMethod]
    public async Task The501_WithoutChecksumsOrChunkedBodies_StaysATransferFailure()
    {
        await using var world = await S3World.CreateAsync(withProxy: true);
        world.Repo.WriteRandom("data/a.bin", 20_000, 2);
        await world.Repo.RunOkAsync("add", "data");
        world.Proxy!.Faults = FaultPlan.None.Every(1, "PUT", new Fault.Status(501, "NotImplemented"));

        var push = await world.Repo.RunAsync("push");

        Assert.AreEqual(1, push.ExitCode, world.Diagnostics(push));
        Assert.IsTrue(push.ErrLines.Any(l => l.StartsWith("error DT0302: ", StringComparison.Ordinal)), push.ToString());
        Assert.IsFalse(push.Stderr.Contains("DT0215", StringComparison.Ordinal), "the minio preset sends neither, so no setting would fix it");
    }
}
