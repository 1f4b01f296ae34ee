using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DataTasks.Core.History;

/// <summary>
/// Runs the real git. History is always read through git itself (never a reimplementation of its object store), with
/// a fixed environment: no pager, no optional locks (reading history must not take the index lock another git holds),
/// and the C locale so nothing git prints depends on the user's language.
/// </summary>
public static class GitProcess
{
    /// <summary>Starts git in <paramref name="workingDirectory"/> with stdout (and optionally stdin) redirected.</summary>
    public static Process Start(string workingDirectory, IEnumerable<string> args, bool redirectInput = false)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };

        // -c options go first so they apply to every subcommand: quotePath off keeps non-ASCII paths readable, and a
        // user's log.showSignature or log.follow must not change the output that is parsed here.
        foreach (var a in new[] { "-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "log.follow=false", "--no-pager" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment.Remove("GIT_DIR");
        psi.Environment.Remove("GIT_WORK_TREE");
        try
        {
            return Process.Start(psi) ?? throw new DataTasksException(ErrorCodes.NotAGitRepository, "git could not be started; install git and make sure it is on PATH");
        }
        catch (Win32Exception ex)
        {
            throw new DataTasksException(ErrorCodes.NotAGitRepository, $"git could not be started ({ex.Message}); install git and make sure it is on PATH", ex);
        }
    }

    /// <summary>Runs git to completion and returns its standard output; DT0503 when it fails.</summary>
    public static async Task<byte[]> RunAsync(string workingDirectory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await TryRunAsync(workingDirectory, args, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw Failed(args, result.Error);
        }

        return result.Output;
    }

    /// <summary>Runs git to completion; the caller decides what a non-zero exit means.</summary>
    public static async Task<GitResult> TryRunAsync(string workingDirectory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        using var process = Start(workingDirectory, args);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var output = new MemoryStream();
        try
        {
            await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        return new GitResult(process.ExitCode, output.ToArray(), (await error.ConfigureAwait(false)).Trim());
    }

    /// <summary>The DT0503 error for a git command that failed.</summary>
    public static DataTasksException Failed(IEnumerable<string> args, string stderr)
    {
        var first = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return new DataTasksException(ErrorCodes.GitFailed, $"git {string.Join(' ', args.Take(2))} failed: {first}");
    }

    /// <summary>Ends a git process this code started (cancellation or an abandoned stream).</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Decodes git's output (UTF-8, the default i18n.logOutputEncoding).</summary>
    public static string Text(byte[] output) => Encoding.UTF8.GetString(output);
}

/// <summary>What a finished git command produced.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error, trimmed.</param>
public sealed record GitResult(int ExitCode, byte[] Output, string Error);
