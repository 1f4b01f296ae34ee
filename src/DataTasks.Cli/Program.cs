using DataTasks.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels cleanly (temp files removed, nothing partial left); a second one kills.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

// One write per line made status on 10,000 files pay 10,000 system calls; buffer stdout and flush once (and on every
// exit path, including cancellation).
var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
try
{
    return await CliApp.RunAsync(args, stdout, Console.Error, Environment.CurrentDirectory, cancellation.Token);
}
finally
{
    stdout.Flush();
}
