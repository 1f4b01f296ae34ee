using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DataTasks.Core.Runs;

/// <summary>
/// Runs a run's command as a child process that inherits the console (standard input, output and error are not
/// redirected) and returns its exit code. Ctrl+C in a terminal already reaches the child (the whole foreground
/// process group gets it); when only this process is interrupted (the token is cancelled, e.g. by <c>kill -INT</c>),
/// SIGINT is forwarded to the child on Unix, and the child is still waited for: it decides how to stop.
/// </summary>
internal static class RunChildProcess
{
    private const int SigInt = 2;

    /// <summary>Exit code for a command that cannot be started, as shells use.</summary>
    public const int NotStartedExitCode = 127;

    /// <summary>Starts <paramref name="command"/> in <paramref name="workingDirectory"/> with <paramref name="environment"/> added; DT1121 when it cannot start.</summary>
    public static Process Start(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        try
        {
            return Process.Start(psi) ?? throw NotStarted(command[0], "no process was created");
        }
        catch (Win32Exception ex)
        {
            throw NotStarted(command[0], ex.Message);
        }
    }

    /// <summary>Waits for <paramref name="process"/> to exit, forwarding an interrupt once; returns its exit code.</summary>
    public static async Task<int> WaitAsync(Process process, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(() => Interrupt(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return process.ExitCode;
    }

    private static void Interrupt(Process process)
    {
        try
        {
            if (!process.HasExited && !OperatingSystem.IsWindows())
            {
                _ = kill(process.Id, SigInt);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static DataTasksException NotStarted(string command, string why) =>
        new(ErrorCodes.RunCommandNotStarted, $"cannot start '{command}': {why}; check the name and that it is on PATH (nothing was added)");

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
#pragma warning disable SA1300, IDE1006 // The libc name.
    private static extern int kill(int pid, int sig);
#pragma warning restore SA1300, IDE1006
}
