using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Failures found while working are reported as one DT line, never as an unhandled exception.</summary>
[TestClass]
public sealed class RobustnessTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task FileThatKeepsChangingWhileHashed_IsReportedAsDT0304_NotACrash()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/grow.bin", 20_000_000, 1);
        await repo.RunOkAsync("add", "data/grow.bin");

        using var stop = new CancellationTokenSource();
        var appender = Task.Factory.StartNew(
            () =>
            {
                using var fs = new FileStream(repo.PathOf("data/grow.bin"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
                while (!stop.IsCancellationRequested)
                {
                    fs.WriteByte(1);
                    fs.Flush();
                }
            },
            TaskCreationOptions.LongRunning);

        CliResult status;
        try
        {
            // Before the fix, Parallel.ForEach's AggregateException escaped CliApp.RunAsync (a crash with a stack trace).
            status = await repo.RunAsync("status");
        }
        finally
        {
            await stop.CancelAsync();
            await appender;
        }

        // The appender almost always wins every one of the three hash attempts; if the scheduler let one attempt
        // through, status legitimately succeeds.
        if (status.ExitCode == 0)
        {
            StringAssert.Contains(status.Stdout, "data/grow.bin", status.ToString());
            TestContext.WriteLine("the file held still long enough to be hashed; only the no-crash half was exercised");
        }
        else
        {
            BadInputTests.AssertOneErrorLine(status, "DT0304", 1);
        }
    }
}
