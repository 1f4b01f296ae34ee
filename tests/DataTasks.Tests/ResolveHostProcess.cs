using System.Diagnostics;

namespace DataTasks.Tests;

/// <summary>
/// tests/ResolveHost run as a real child process against a <see cref="RuntimeRepo"/> (with its private machine cache):
/// what the runtime does across processes, and at process exit, needs a process of its own.
/// </summary>
internal sealed class ResolveHostProcess : IDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    private ResolveHostProcess(Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts the host with <paramref name="args"/> (see tests/ResolveHost/Program.cs for their meaning).</summary>
    public static ResolveHostProcess Start(RuntimeRepo repo, params string[] args) => Start(repo, new Dictionary<string, string>(), args);

    /// <summary>Starts the host with <paramref name="args"/> and the variables of <paramref name="environment"/> set.</summary>
    public static ResolveHostProcess Start(RuntimeRepo repo, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var host = Path.Join(AppContext.BaseDirectory, "ResolveHost.dll");
        Assert.IsTrue(File.Exists(host), $"{host} was not built next to the tests");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(host);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DATATASKS_CACHE_DIR"] = repo.Cache;
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        return new ResolveHostProcess(Process.Start(psi)!);
    }

    /// <summary>Waits for the exit and returns the exit code, standard output, and both streams for assertion messages.</summary>
    public async Task<(int ExitCode, string Output, string All)> WaitAsync(CancellationToken cancellationToken = default)
    {
        var stdout = await output.WaitAsync(cancellationToken);
        var stderr = await error.WaitAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, stdout, stdout + stderr);
    }

    /// <summary>Kills the host if a failed test left it running.</summary>
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
