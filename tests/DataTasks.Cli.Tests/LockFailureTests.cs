using System.Diagnostics;
using System.Text;
using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests;

/// <summary>
/// A lock that cannot be created fails the command at once with DT0401 naming it (it used to wait for ever), and a
/// lock held by a live process is waited for with one notice naming the holder (issue 12).
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // permission bits, setpriv, /dev/null
public sealed class LockFailureTests
{
    /// <summary>Generous: the tool fails within a second or two; this only turns the old endless wait into a failure.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    /// <summary>The unprivileged user the read-only cases run as (nobody).</summary>
    private const int Nobody = 65534;

    [TestMethod]
    [DataRow("device", DisplayName = "--cache-dir /dev/null")]
    [DataRow("file", DisplayName = "--cache-dir at a regular file")]
    [DataRow("loop", DisplayName = "--cache-dir at a loop of symbolic links")]
    public async Task Pull_WithACacheDirThatCannotHoldLocks_FailsAtOnceWithDT0401NamingTheLock(string kind)
    {
        using var repo = await TempRepo.CreateAsync();
        SeedOneRemoteEntry(repo);
        var cache = kind switch
        {
            "device" => "/dev/null",
            "file" => Path.Join(repo.Base, "cache-file"),
            _ => Path.Join(repo.Base, "loop-a"),
        };
        if (kind == "file")
        {
            File.WriteAllText(cache, "not a folder");
        }
        else if (kind == "loop")
        {
            File.CreateSymbolicLink(cache, Path.Join(repo.Base, "loop-b"));
            File.CreateSymbolicLink(Path.Join(repo.Base, "loop-b"), cache);
        }

        using var tool = repo.StartProcess(["--cache-dir", cache, "pull"]);
        var result = await tool.WaitAsync(HangBound);

        AssertFailsNamingTheLock(result, cache);
    }

    [TestMethod]
    [DataRow("read-only", DisplayName = "a read-only cache folder of the user's own")]
    [DataRow("root-owned", DisplayName = "a root-owned shared cache, run by another user")]
    public async Task Pull_AsAUserWhoCannotWriteTheCache_FailsAtOnceWithDT0401NamingTheLock(string kind)
    {
        using var repo = await TempRepo.CreateAsync();
        SeedOneRemoteEntry(repo);
        Directory.CreateDirectory(repo.Cache);
        GiveToTheUnprivilegedUser(repo);
        if (kind == "read-only")
        {
            File.SetUnixFileMode(repo.Cache, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        else
        {
            Chown(repo.Cache, 0, recursive: false);
        }

        try
        {
            var result = await RunUnprivilegedAsync(repo, ["pull"]);
            AssertFailsNamingTheLock(result, repo.Cache);
        }
        finally
        {
            File.SetUnixFileMode(repo.Cache, (UnixFileMode)0b111_101_101);
        }
    }

    [TestMethod]
    public async Task Add_WithAReadOnlyStateFolder_FailsAtOnceWithDT0401NamingTheLock()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        var state = Path.Join(repo.Root, ".datatasks", "state");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Join(state, ".gitignore"), "*\n");
        GiveToTheUnprivilegedUser(repo);
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var manifestBefore = repo.ManifestText;
        try
        {
            var result = await RunUnprivilegedAsync(repo, ["add", "data/a.bin"]);
            AssertFailsNamingTheLock(result, state);
            Assert.AreEqual(manifestBefore, repo.ManifestText, "the manifest changed although its lock was never taken");
        }
        finally
        {
            File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        }
    }

    [TestMethod]
    public async Task Add_WhileAnotherProcessHoldsTheManifestLock_SaysOnceWhoHoldsIt_ThenFinishes()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        var lockPath = Path.Join(repo.Root, ".datatasks", "state", "manifest.lock");

        // The holder is this test process (the same flock(2) rule applies between two opens in one process); the
        // waiter is the real command, in-process so its standard error can be watched while it waits.
        var holder = FileLock.TryAcquire(lockPath) ?? throw new AssertFailedException("could not take the lock");
        var stderr = new WatchedWriter();
        Task<int> add;
        try
        {
            add = CliApp.RunAsync(["--cache-dir", repo.Cache, "add", "data/a.bin"], TextWriter.Null, stderr, repo.Root, CancellationToken.None);
            var deadline = Stopwatch.StartNew();
            while (!stderr.Text.Contains("waiting for a lock", StringComparison.Ordinal) && deadline.Elapsed < HangBound && !add.IsCompleted)
            {
                await Task.Delay(50);
            }

            Assert.IsFalse(add.IsCompleted, $"add finished while the lock was held:\n{stderr.Text}");
            await Task.Delay(1500); // room for a second notice, were it repeated
        }
        finally
        {
            holder.Dispose();
        }

        Assert.AreEqual(0, await add.WaitAsync(HangBound), stderr.Text);
        var lines = CliResult.SplitLines(stderr.Text);
        Assert.AreEqual(1, lines.Length, stderr.Text);
        Assert.AreEqual($"warning {ErrorCodes.WaitingForLock}: waiting for a lock held by pid {Environment.ProcessId} on host {Environment.MachineName} ({lockPath})", lines[0]);
        Assert.IsNotNull(repo.Entries["data/a.bin"], "the add did not finish its work after the lock was released");
    }

    private static void SeedOneRemoteEntry(TempRepo repo)
    {
        var bytes = TestBytes.Seeded(10_000, 7);
        repo.WriteManifest([("data/a.bin", repo.PutRemoteObject(bytes), bytes.Length)]);
    }

    private static void AssertFailsNamingTheLock(CliResult result, string folder)
    {
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        var errors = result.ErrLines.Where(l => l.StartsWith("error ", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(errors.Count >= 1 && errors.All(l => l.Contains($"{ErrorCodes.IoError}:", StringComparison.Ordinal)), result.ToString());
        Assert.IsTrue(errors.Any(l => l.Contains("lock", StringComparison.Ordinal) && l.Contains(folder, StringComparison.Ordinal)), $"no error names the lock under {folder}:\n{result}");
        Assert.IsFalse(result.Stderr.Contains("   at ", StringComparison.Ordinal), $"stack trace:\n{result}");
    }

    /// <summary>
    /// Tests run as root, which ignores permission bits, so a read-only folder is only read-only to another user. The
    /// tool runs as nobody through setpriv(1) (util-linux, present wherever the tests run as root; it needs no mount
    /// namespace, unlike a read-only bind mount, and no file-system support, unlike chattr +i). Run by an ordinary user,
    /// the tests use that user: the permission bits already apply.
    /// </summary>
    private static async Task<CliResult> RunUnprivilegedAsync(TempRepo repo, IReadOnlyList<string> args)
    {
        var root = Environment.IsPrivilegedProcess;
        var psi = new ProcessStartInfo(root ? "setpriv" : CliRunner.DotnetHost)
        {
            WorkingDirectory = repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (root)
        {
            foreach (var a in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", CliRunner.DotnetHost })
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add(CliRunner.ToolDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var v in CliRunner.ToolVariables)
        {
            psi.Environment.Remove(v);
        }

        psi.Environment["HOME"] = repo.Home;
        psi.Environment["DOTNET_CLI_HOME"] = repo.Home;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DATATASKS_CACHE_DIR"] = repo.Cache;
        using var tool = new RunningTool(Process.Start(psi) ?? throw new InvalidOperationException("could not start the tool"));
        tool.Process.StandardInput.Close();
        return await tool.WaitAsync(HangBound);
    }

    /// <summary>Makes everything the test created belong to the user <see cref="RunUnprivilegedAsync"/> runs as.</summary>
    private static void GiveToTheUnprivilegedUser(TempRepo repo)
    {
        Directory.CreateDirectory(repo.Home);
        if (Environment.IsPrivilegedProcess)
        {
            Chown(repo.Base, Nobody, recursive: true);
        }
    }

    private static void Chown(string path, int id, bool recursive)
    {
        var psi = new ProcessStartInfo("chown") { UseShellExecute = false, RedirectStandardError = true };
        if (recursive)
        {
            psi.ArgumentList.Add("-R");
        }

        psi.ArgumentList.Add($"{id}:{id}");
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, $"chown failed: {err}");
    }

    /// <summary>A standard error that the test can read while the command still writes to it.</summary>
    private sealed class WatchedWriter : TextWriter
    {
        private readonly StringBuilder text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (text)
            {
                text.Append(value).Append('\n');
            }
        }
    }
}
