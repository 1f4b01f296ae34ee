using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core;
using DataTasks.Core.Manifest;

namespace DataTasks.Cli.Tests;

/// <summary>
/// add and status name every file .datapattern selects but cannot track, with the reason (warning DT0411), and add
/// the rest; add used to skip odd names silently and abort on a FIFO with a wrong "disappeared" (issue 12).
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // FIFOs, sockets, /dev/null, names Windows refuses
public sealed class SkippedFileTests
{
    /// <summary>Names the file system allows; whether each is a valid entry path is EntryPath's call, not this test's.</summary>
    private static readonly string[] OddNames = ["data/back\\slash.bin", "data/a\tb.bin", "data/new\nline.bin", "data/del\u007f.bin"];

    /// <summary>What the warnings print for the non-UTF-8 name (the listing decodes the 0xFF byte as U+FFFD).</summary>
    private const string NotUtf8Shown = "data/\uFFFD.bin";

    [TestMethod]
    public async Task AddAll_SkipsEveryFileItCannotTrack_WithTheReason_AndAddsTheRest()
    {
        using var tree = await CreateTreeAsync();
        var repo = tree.Repo;

        var result = await repo.RunProcessAsync(["add", "--all"]);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsNotNull(repo.Entries["data/ok.bin"], result.ToString());
        Assert.IsNotNull(repo.Entries["data/sub/ok2.bin"], result.ToString());
        CollectionAssert.AreEqual(ExpectedWarnings(repo), result.ErrLines, result.ToString());
        foreach (var name in OddNames)
        {
            Assert.AreEqual(EntryPath.Validate(name) is null, repo.Entries.ContainsKey(name), $"{Escape(name)}:\n{result}");
        }

        Assert.AreEqual(2 + OddNames.Count(n => EntryPath.Validate(n) is null), repo.Entries.Count, repo.ManifestText);
    }

    [TestMethod]
    public async Task Status_ListsTheSameSkippedFiles_AsWarningsAndInJson()
    {
        using var tree = await CreateTreeAsync();
        var repo = tree.Repo;

        var text = await repo.RunProcessAsync(["status"]);
        var json = await repo.RunProcessAsync(["status", "--json"]);

        Assert.AreEqual(0, text.ExitCode, text.ToString());
        CollectionAssert.AreEqual(ExpectedWarnings(repo), text.ErrLines, text.ToString());
        Assert.IsTrue(text.OutLines.Any(l => l.StartsWith("untracked", StringComparison.Ordinal) && l.Contains("data/ok.bin", StringComparison.Ordinal)), text.ToString());
        Assert.IsFalse(text.OutLines.Any(l => l.Contains("fifo", StringComparison.Ordinal) || l.Contains('\uFFFD', StringComparison.Ordinal)), $"a skipped file is listed as untracked:\n{text}");

        Assert.AreEqual(0, json.ExitCode, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var skipped = doc.RootElement.GetProperty("skipped").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToList();
        CollectionAssert.AreEqual(ExpectedSkippedPaths(repo).ToList(), skipped, json.ToString());
    }

    [TestMethod]
    public async Task AddOfAFolder_OrOfANamedFifo_SkipsTheSpecialFile_WithAWarning_InsteadOfAborting()
    {
        using var tree = await CreateTreeAsync();
        var repo = tree.Repo;

        var named = await repo.RunProcessAsync(["add", "data/fifo.bin", "data/ok.bin"]);
        Assert.AreEqual(0, named.ExitCode, named.ToString());
        Assert.IsNotNull(repo.Entries["data/ok.bin"], named.ToString());
        Assert.AreEqual($"warning {ErrorCodes.FileSkipped}: skipped data/fifo.bin: not a regular file (a FIFO, socket or device); only regular files are tracked", named.ErrLines.Single(), named.ToString());

        var folder = await repo.RunProcessAsync(["add", "data"]);
        Assert.AreEqual(0, folder.ExitCode, folder.ToString());
        Assert.IsNotNull(repo.Entries["data/sub/ok2.bin"], folder.ToString());
        CollectionAssert.AreEqual(ExpectedWarnings(repo), folder.ErrLines, folder.ToString());
    }

    /// <summary>
    /// A repository whose data/ holds two ordinary files, files with odd names, one whose name is not UTF-8, a FIFO, a
    /// Unix socket, and a symbolic link to a device, each made with a real file-system call.
    /// </summary>
    private static async Task<OddTree> CreateTreeAsync()
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteRandom("data/ok.bin", 1000, 1);
        repo.WriteRandom("data/sub/ok2.bin", 1000, 2);
        for (var i = 0; i < OddNames.Length; i++)
        {
            repo.WriteRandom(OddNames[i], 100, 10 + i);
        }

        // .NET cannot name a file with bytes that are not UTF-8; bash's $'\xff' can. mkfifo and ln are the real tools.
        RunBash(repo.PathOf("data"), "touch $'\\xff'.bin && mkfifo fifo.bin && ln -s /dev/null device-link.bin");

        // .NET removes a socket's file when the socket closes, so it stays bound until the test ends.
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(repo.PathOf("data/socket.bin")));
        return new OddTree(repo, socket);
    }

    /// <summary>The repository of <see cref="CreateTreeAsync"/>; .NET cannot delete the non-UTF-8 name, so rm does.</summary>
    private sealed class OddTree(TempRepo repo, Socket socket) : IDisposable
    {
        public TempRepo Repo { get; } = repo;

        public void Dispose()
        {
            socket.Dispose();
            RunBash(Repo.Root, "rm -rf data");
            Repo.Dispose();
        }
    }

    private static IEnumerable<string> ExpectedSkippedPaths(TempRepo repo) =>
        OddNames.Where(n => EntryPath.Validate(n) is not null)
            .Concat(["data/device-link.bin", "data/fifo.bin", "data/socket.bin", NotUtf8Shown])
            .Order(StringComparer.Ordinal);

    private static List<string> ExpectedWarnings(TempRepo repo)
    {
        string Reason(string path) => path switch
        {
            "data/device-link.bin" => "a symbolic link; links to files are not followed, add the file it points to",
            "data/fifo.bin" or "data/socket.bin" => "not a regular file (a FIFO, socket or device); only regular files are tracked",
            NotUtf8Shown => "its name is not valid UTF-8, so it cannot be an entry path",
            _ => EntryPath.Validate(path)!,
        };

        return ExpectedSkippedPaths(repo).Select(p => $"warning {ErrorCodes.FileSkipped}: skipped {Escape(p)}: {Reason(p)}").ToList();
    }

    private static string Escape(string path) =>
        path.Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\u007f", "\\x7f", StringComparison.Ordinal);

    private static void RunBash(string workingDirectory, string script)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, $"bash -c {script} failed: {err}");
    }
}
