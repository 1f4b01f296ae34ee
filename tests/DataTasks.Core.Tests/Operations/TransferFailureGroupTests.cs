using DataTasks.Core.Operations;

namespace DataTasks.Core.Tests.Operations;

/// <summary>The grouping of failed paths that the CLI and the SDK tasks both print.</summary>
[TestClass]
public sealed class TransferFailureGroupTests
{
    private static TransferItem Failed(string path, string code, string message) =>
        new(path, TransferOutcome.Failed, 1, new string('a', 64), new DataTasksException(code, message));

    [TestMethod]
    public void SameErrorForManyPaths_IsOneGroupWithTheCount()
    {
        var items = Enumerable.Range(0, 200).Select(i => Failed($"data/f{i:D3}", ErrorCodes.RemoteUnavailable, "cannot connect to http://127.0.0.1:9 (connection refused)")).ToList();
        items.Add(new TransferItem("data/ok", TransferOutcome.Downloaded, 1, new string('b', 64)));

        var groups = TransferFailureGroup.Of(items);

        Assert.HasCount(1, groups);
        Assert.AreEqual(ErrorCodes.RemoteUnavailable, groups[0].Code);
        Assert.AreEqual("cannot connect to http://127.0.0.1:9 (connection refused) — 200 files not pulled", groups[0].Describe("pulled"));
    }

    [TestMethod]
    public void MessagesThatDifferOnlyInTheObjectTheyStartWith_GroupWithoutIt()
    {
        var groups = TransferFailureGroup.Of([
            Failed("data/b", ErrorCodes.TransferFailed, "object 0123abcd…: transfer to or from remote s3://b failed after retries (reset)"),
            Failed("data/a", ErrorCodes.TransferFailed, "object 9876fedc…: transfer to or from remote s3://b failed after retries (reset)"),
        ]);

        Assert.HasCount(1, groups);
        Assert.AreEqual("data/a", groups[0].Items[0].Path, "paths in order");
        Assert.AreEqual("transfer to or from remote s3://b failed after retries (reset) — 2 files not pushed", groups[0].Describe("pushed"));
    }

    [TestMethod]
    public void DistinctErrors_AndSinglePaths_KeepTheirOwnMessage()
    {
        var groups = TransferFailureGroup.Of([
            Failed("data/a", ErrorCodes.RemoteObjectMissing, "object 0123 is not on remote r; push it"),
            Failed("data/b", ErrorCodes.RemoteObjectMissing, "object 4567 is not on remote r; push it"),
            Failed("data/c", ErrorCodes.TransferFailed, "object 0123abcd…: transfer failed"),
        ]);

        Assert.HasCount(3, groups);
        Assert.AreEqual("object 0123abcd…: transfer failed", groups[2].Describe("pulled"));
        Assert.AreEqual("object 0123 is not on remote r; push it", groups[0].Describe("pulled"));
    }
}
