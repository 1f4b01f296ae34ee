using System.Text.Json.Nodes;
using DataTasks.Core.Remotes.S3;

namespace DataTasks.Core.Tests.Remotes;

/// <summary>"s3": {"stall_timeout_seconds": …}: how long a request may move no byte before it is retried.</summary>
[TestClass]
public sealed class StallTimeoutSettingTests
{
    /// <summary>Through JSON text, as the settings come from .datatasks/config.json.</summary>
    private static S3Settings Resolve(JsonObject s3) =>
        S3Settings.Resolve("s3://bucket/prefix", (JsonObject)JsonNode.Parse(new JsonObject { ["s3"] = s3 }.ToJsonString())!, _ => null);

    [TestMethod]
    public void Default_IsThirtySeconds() =>
        Assert.AreEqual(TimeSpan.FromSeconds(30), Resolve(new JsonObject { ["region"] = "us-east-1" }).ReadStallTimeout);

    [TestMethod]
    public void Configured_IsUsed() =>
        Assert.AreEqual(TimeSpan.FromSeconds(5), Resolve(new JsonObject { ["region"] = "us-east-1", ["stall_timeout_seconds"] = 5 }).ReadStallTimeout);

    [TestMethod]
    [DataRow(0)]
    [DataRow(-3)]
    public void OutOfRange_IsDT0204(int seconds)
    {
        var ex = Assert.Throws<DataTasksException>(() => Resolve(new JsonObject { ["region"] = "us-east-1", ["stall_timeout_seconds"] = seconds }));
        Assert.AreEqual(ErrorCodes.ConfigInvalid, ex.Code);
        StringAssert.Contains(ex.Message, "\"s3.stall_timeout_seconds\" is " + seconds);
    }
}
