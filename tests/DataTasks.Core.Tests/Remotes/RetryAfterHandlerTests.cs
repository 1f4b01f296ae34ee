using DataTasks.Core.Remotes.S3;

namespace DataTasks.Core.Tests.Remotes;

[TestClass]
public sealed class RetryAfterHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow("3", 3.0)]
    [DataRow(" 7 ", 7.0)]
    [DataRow("Mon, 23 Nov 2026 12:00:05 GMT", 5.0)]
    [DataRow("3600", 30.0)]
    [DataRow("Tue, 24 Nov 2026 12:00:00 GMT", 30.0)]
    public void Parse_DelaySecondsOrHttpDate_CappedAtTheMaximum(string value, double seconds) =>
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), RetryAfterHandler.Parse(value, Now));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("0")]
    [DataRow("-5")]
    [DataRow("soon")]
    [DataRow("1.5")]
    [DataRow("Mon, 23 Nov 2026 11:59:00 GMT")]
    public void Parse_NothingToWaitFor_OrUnreadable_IsNull(string? value) =>
        Assert.IsNull(RetryAfterHandler.Parse(value, Now));

    [TestMethod]
    public void ClientConfig_IsTheMarkedType_SoTheHandlerOnlyTunesDataTasksClients()
    {
        var config = S3Settings.Resolve("s3://bucket/prefix", new System.Text.Json.Nodes.JsonObject { ["region"] = "us-east-1" }, _ => null).CreateClientConfig();
        Assert.IsInstanceOfType<DataTasksS3Config>(config);
    }
}
