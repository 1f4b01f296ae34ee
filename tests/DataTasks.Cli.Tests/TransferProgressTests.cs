namespace DataTasks.Cli.Tests;

/// <summary>Progress: plain periodic lines when piped or in CI, one redrawn line on a terminal, nothing before a plan.</summary>
[TestClass]
public sealed class TransferProgressTests
{
    [TestMethod]
    public async Task Plain_PrintsWholeLinesWithObjectsBytesRateAndEta()
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var progress = new TransferProgress(output, live: false, "pull", TimeSpan.FromMilliseconds(20)))
        {
            progress.Plan(2, 2_000_000);
            progress.AddBytes(1_000_000);
            progress.ObjectDone();
            await WaitForAsync(() => output.ToString().Length > 0);
        }

        var first = output.ToString().Split('\n')[0];
        StringAssert.StartsWith(first, "pull: 1/2 objects, 1MB/2MB, ");
        StringAssert.Contains(first, "/s, ETA ");
        Assert.IsFalse(output.ToString().Contains('\r'), "plain mode must not redraw");
    }

    [TestMethod]
    public async Task Live_RedrawsOneLine_AndClearsItWhenDone()
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var progress = new TransferProgress(output, live: true, "push", TimeSpan.FromMilliseconds(20)))
        {
            progress.Plan(1, 100);
            progress.AddBytes(50);
            await WaitForAsync(() => output.ToString().Contains("push: 0/1 objects"));
        }

        var text = output.ToString();
        StringAssert.StartsWith(text, "\r\u001b[Kpush: 0/1 objects, 50B/100B");
        StringAssert.EndsWith(text, "\r\u001b[K", "the live line is cleared at the end");
        Assert.IsFalse(text.Contains('\n'), "live mode never scrolls");
    }

    [TestMethod]
    public async Task NothingToTransfer_PrintsNothing()
    {
        var output = new StringWriter();
        using (var progress = new TransferProgress(output, live: false, "pull", TimeSpan.FromMilliseconds(10)))
        {
            progress.Plan(0, 0);
            await Task.Delay(100);
        }

        Assert.AreEqual(string.Empty, output.ToString());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.IsTrue(condition(), "timed out waiting for progress output");
    }
}
