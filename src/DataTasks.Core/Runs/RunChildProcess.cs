using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DataTasks.Core.Runs;

/// <summary>
/// Runs a run's command as a child process that inherits the console (standard input, output and error are not
/// redirected) and returns its exit code. Ctrl+C in a terminal already reaches the child (the terminal signals the whole
/// foreground process group, and on Windows every process of the console); when this process is interrupted some other
/// way (the token is cancelled and this process is not in the terminal's foreground group, e.g. <c>kill -INT</c> on a
/// background or detached run), SIGINT is forwarded to the child on Unix. Forwarding a terminal's Ctrl+C as well would
/// hand the child a second interrupt, which many programs take as "stop now". The child is always waited for: it
/// decides how to stop.
/// </summary>
internal static class RunChildProcess
{
    private const int SigInt = 2;

    /// <summary>Exit code for a command that cannot be started, as shells use.</summary>
    public const int NotStartedExitCode = 127;

    /// <summary>Starts <paramref name="command"/> in <paramref name="workingDirectory"/> with <paramref name="environment"/> added; DT1121 when it cannot start.</summary>
    public static Process Start(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        // A relative path with a folder (./train.sh) means the run's folder, not this process's current one.
        var file = command[0].IndexOfAny(['/', '\\']) >= 0 && !Path.IsPathRooted(command[0]) ? Path.GetFullPath(command[0], workingDirectory) : command[0];
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false };
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
            if (!process.HasExited && !OperatingSystem.IsWindows() && !TerminalInterruptsTheChild())
            {
                _ = kill(process.Id, SigInt);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>
    /// Whether this process is in the foreground process group of the terminal it runs in: then a Ctrl+C there was
    /// delivered to the child too (it inherits the group). No terminal on standard input, output or error: no.
    /// </summary>
    private static bool TerminalInterruptsTheChild()
    {
        try
        {
            var group = getpgrp();
            foreach (var fd in new[] { 0, 1, 2 })
            {
                var foreground = tcgetpgrp(fd);
                if (foreground > 0)
                {
                    return foreground == group;
                }
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc to ask: forward, as for a run without a terminal.
        }

        return false;
    }

    private static DataTasksException NotStarted(string command, string why) =>
        new(ErrorCodes.RunCommandNotStarted, $"cannot start '{command}': {why}; check the name and that it is on PATH (nothing was added)");

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
#pragma warning disable SA1300, IDE1006 // The libc name.
    private static extern int kill(int pid, int sig);

    [DllImport("libc", EntryPoint = "tcgetpgrp")]
    private static extern int tcgetpgrp(int fd);

    [DllImport("libc", EntryPoint = "getpgrp")]
    private static extern int getpgrp();
#pragma warning restore SA1300, IDE1006
}
