using System.Diagnostics;

namespace DataTasks.TestSupport;

/// <summary>Runs the real git as a child process for test setup.</summary>
public static class GitRunner
{
    /// <summary>Runs git in <paramref name="workingDirectory"/>, fails the test unless it exits 0 within a minute, and returns its stdout.</summary>
    public static string Run(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"git {string.Join(' ', args)} did not finish in a minute");
        }

        Assert.AreEqual(0, p.ExitCode, $"git {string.Join(' ', args)} failed: {err.Result}");
        return output;
    }
}
