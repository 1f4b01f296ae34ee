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

return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.CurrentDirectory, cancellation.Token);
