using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Runs;

/// <summary>Issue 16: dotnet data run over real shell commands in a real git repository.</summary>
[TestClass]
public sealed class RunCommandTests
{
    private static JsonObject Entry(TempRepo repo, string path) =>
        repo.Entries[path] as JsonObject ?? throw new AssertFailedException($"no entry {path} in\n{repo.ManifestText}");

    private static async Task<TempRepo> RepoWithInputAsync()
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteRandom("data/raw.csv", 300, 1);
        await repo.RunOkAsync("add", "data/raw.csv");
        GitRunner.Run(repo.Root, "add", "-A");
        GitRunner.Run(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "raw");
        return repo;
    }

    [TestMethod]
    public async Task Run_AddsWhatTheCommandWrote_WithInputsAndMetadataRun()
    {
        using var repo = await RepoWithInputAsync();
        var head = GitRunner.Run(repo.Root, "rev-parse", "HEAD").Trim();
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        var result = await repo.RunAsync("run", "--input", "data/raw.csv", "--", "sh", "-c", "echo x > data/out.txt && echo not-data > notes.txt");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(string.Empty, result.Stdout, "run's own report goes to stderr; stdout is the command's");
        StringAssert.Contains(result.Stderr, "added    data/out.txt", result.ToString());
        StringAssert.Contains(result.Stderr, "run 'sh': recorded 1 output with 1 input (data/raw.csv)", result.ToString());
        var entry = Entry(repo, "data/out.txt");
        Assert.IsNull(entry["storage_key"], "nothing is pushed");
        Assert.AreEqual(2, entry["size"]!.GetValue<long>());
        Assert.AreEqual("[\"data/raw.csv\"]", entry["inputs"]!.ToJsonString());
        var run = entry["metadata"]!["run"]!.AsObject();
        Assert.AreEqual("sh", run["name"]!.GetValue<string>(), "the default name is the command's file name");
        Assert.AreEqual("sh -c 'echo x > data/out.txt && echo not-data > notes.txt'", run["command"]!.GetValue<string>());
        Assert.AreEqual(head, run["commit"]!.GetValue<string>());
        var start = DateTimeOffset.Parse(run["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        StringAssert.EndsWith(run["start"]!.GetValue<string>(), "Z");
        Assert.IsTrue(start >= before && start <= DateTimeOffset.UtcNow, run["start"]!.ToString());
        Assert.IsFalse(repo.Entries.ContainsKey("notes.txt"), ".datapattern does not select notes.txt");
        Assert.IsFalse(Directory.Exists(Path.Join(repo.Root, ".datatasks", "state", "runs")) && Directory.EnumerateFiles(Path.Join(repo.Root, ".datatasks", "state", "runs")).Any(),
            "the run record is deleted afterwards");
    }

    [TestMethod]
    public async Task Run_NamedAndRerun_ReplacesInputsAndKeepsOtherFields()
    {
        using var repo = await RepoWithInputAsync();
        repo.WriteRandom("data/other.csv", 100, 2);
        await repo.RunOkAsync("add", "data/other.csv");
        await repo.RunOkAsync("run", "--name", "prep", "--input", "data/raw.csv", "--", "sh", "-c", "echo 1 > data/out.txt");
        await repo.RunOkAsync("annotate", "data/out.txt", "--description", "prepared");

        var json = await repo.RunAsync("run", "--name", "prep", "--input", "data/other.csv", "--json", "--", "sh", "-c", "echo 22 > data/out.txt");

        Assert.AreEqual(0, json.ExitCode, json.ToString());
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.AreEqual("prep", report["name"]!.GetValue<string>());
        Assert.AreEqual(0, report["exit_code"]!.GetValue<int>());
        Assert.AreEqual("[\"data/other.csv\"]", report["inputs"]!.ToJsonString());
        Assert.AreEqual("data/out.txt", report["outputs"]![0]!["path"]!.GetValue<string>());
        Assert.AreEqual("updated", report["outputs"]![0]!["change"]!.GetValue<string>());
        var entry = Entry(repo, "data/out.txt");
        Assert.AreEqual("[\"data/other.csv\"]", entry["inputs"]!.ToJsonString(), "a run records exactly its own inputs");
        Assert.AreEqual("prepared", entry["description"]!.GetValue<string>());
        Assert.AreEqual(3, entry["size"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task Run_WithoutPatternFile_AddsOnlyChangedEntries()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/model.bin", 100, 3);
        await repo.RunOkAsync("add", "data/model.bin");

        var result = await repo.RunAsync("run", "--", "sh", "-c", "echo new > data/new.txt && echo changed > data/model.bin");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsFalse(repo.Entries.ContainsKey("data/new.txt"), "without .datapattern only entries count");
        Assert.AreEqual(8, Entry(repo, "data/model.bin")["size"]!.GetValue<long>());
        Assert.AreEqual("sh", Entry(repo, "data/model.bin")["metadata"]!["run"]!["name"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Run_FailingCommand_AddsNothing_AndPassesItsExitCodeThrough()
    {
        using var repo = await RepoWithInputAsync();
        var manifest = repo.ManifestText;

        var result = await repo.RunAsync("run", "--", "sh", "-c", "echo x > data/out.txt; exit 3");

        Assert.AreEqual(3, result.ExitCode, result.ToString());
        Assert.AreEqual(1, result.ErrLines.Length, result.ToString());
        StringAssert.StartsWith(result.ErrLines[0], "error DT1122: run 'sh': the command exited with 3; nothing was added");
        Assert.AreEqual(manifest, repo.ManifestText);
        Assert.IsTrue(repo.Exists("data/out.txt"), "the command's files are left as it wrote them");
    }

    [TestMethod]
    public async Task Run_DeletingAnEntry_Warns_AndKeepsTheEntry()
    {
        using var repo = await RepoWithInputAsync();

        var result = await repo.RunAsync("run", "--", "sh", "-c", "rm data/raw.csv && echo y > data/out.txt");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.ErrLines[0], "warning DT1123: the command deleted data/raw.csv", result.ToString());
        Assert.IsTrue(repo.Entries.ContainsKey("data/raw.csv"));
        Assert.IsTrue(repo.Entries.ContainsKey("data/out.txt"));
    }

    [TestMethod]
    public async Task Run_InputNamingNoEntry_WarnsOnce_AndStrictRefusesBeforeTheCommandStarts()
    {
        using var repo = await RepoWithInputAsync();

        var loose = await repo.RunAsync("run", "--input", "data/nope.csv", "--", "sh", "-c", "echo x > data/out.txt");
        Assert.AreEqual(0, loose.ExitCode, loose.ToString());
        Assert.AreEqual(1, loose.ErrLines.Count(l => l.StartsWith("warning DT0143", StringComparison.Ordinal)), loose.ToString());
        StringAssert.Contains(loose.Stderr, "data/nope.csv");
        Assert.AreEqual("[\"data/nope.csv\"]", Entry(repo, "data/out.txt")["inputs"]!.ToJsonString(), "recorded anyway, as add does");

        var strict = await repo.RunAsync("run", "--strict", "--input", "data/nope.csv", "--", "sh", "-c", "echo x > data/strict.txt");
        Assert.AreEqual(2, strict.ExitCode, strict.ToString());
        StringAssert.StartsWith(strict.Stderr, "error DT0143");
        Assert.IsFalse(repo.Exists("data/strict.txt"), "the command never ran");
    }

    [TestMethod]
    [DataRow(new[] { "run" }, "run needs '--' and the command to run")]
    [DataRow(new[] { "run", "sh" }, "run needs '--' before the command ('sh')")]
    [DataRow(new[] { "run", "--" }, "run needs a command after '--'")]
    [DataRow(new[] { "run", "extra", "--", "sh" }, "unexpected argument 'extra' before '--'")]
    [DataRow(new[] { "run", "--name", " ", "--", "sh" }, "run name ' ' is empty")]
    public async Task Run_UsageErrors_AreOneLineDT1120(string[] args, string message)
    {
        using var repo = await RepoWithInputAsync();

        var result = await repo.RunAsync(args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual(1, result.ErrLines.Length, result.ToString());
        StringAssert.StartsWith(result.ErrLines[0], "error DT1120: " + message);
        StringAssert.EndsWith(result.ErrLines[0], "see 'dotnet data run --help'");
    }

    [TestMethod]
    public async Task Run_CommandThatCannotStart_IsDT1121_Exit127()
    {
        using var repo = await RepoWithInputAsync();
        var manifest = repo.ManifestText;

        var result = await repo.RunAsync("run", "--", "no-such-command-dt1121");

        Assert.AreEqual(127, result.ExitCode, result.ToString());
        Assert.AreEqual(1, result.ErrLines.Length, result.ToString());
        StringAssert.StartsWith(result.ErrLines[0], "error DT1121: cannot start 'no-such-command-dt1121'");
        Assert.AreEqual(manifest, repo.ManifestText);
    }

    [TestMethod]
    public async Task Run_RecordsWhatTheCommandAppendsToTheRunRecord()
    {
        using var repo = await RepoWithInputAsync();
        repo.WriteRandom("data/labels.csv", 50, 4);
        await repo.RunOkAsync("add", "data/labels.csv");

        // What the DataTasks library does on each resolve, done by the shell: one entry reference a line.
        var result = await repo.RunAsync("run", "--name", "join", "--", "sh", "-c",
            "echo data/raw.csv >> \"$DATATASKS_RUN_RECORD\" && echo data/labels.csv >> \"$DATATASKS_RUN_RECORD\" && echo data/raw.csv >> \"$DATATASKS_RUN_RECORD\" && echo j > data/joined.csv");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("[\"data/raw.csv\",\"data/labels.csv\"]", Entry(repo, "data/joined.csv")["inputs"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Run_ARelativeCommandPath_IsRelativeToTheFolderRunRunsIn()
    {
        using var repo = await RepoWithInputAsync();
        repo.WriteText("tools/gen.sh", "#!/bin/sh\necho generated > ../data/gen.txt\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(repo.PathOf("tools/gen.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var result = await repo.RunInAsync(Path.Join(repo.Root, "tools"), "run", "--", "./gen.sh");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("gen", ((JsonObject)repo.Entries["data/gen.txt"]!)["metadata"]!["run"]!["name"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Run_AnEntryTheCommandOnlyRestored_IsNoOutput_AndKeepsItsLineage()
    {
        using var repo = await RepoWithInputAsync();
        await repo.RunOkAsync("run", "--name", "prep", "--input", "data/raw.csv", "--", "sh", "-c", "echo 1 > data/prep.csv");
        await repo.RunOkAsync("push");
        var lineage = Entry(repo, "data/prep.csv").ToJsonString();
        File.Delete(repo.PathOf("data/prep.csv"));

        // The command pulls its input back (as a resolve that hydrates it would), then writes its own output.
        var result = await repo.RunAsync("run", "--name", "train", "--", "sh", "-c",
            $"\"{CliRunner.DotnetHost}\" \"{CliRunner.ToolDll}\" --cache-dir \"{repo.Cache}\" pull -q data/prep.csv && cat data/prep.csv > data/model.bin");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsTrue(repo.Exists("data/prep.csv"));
        Assert.AreEqual(lineage, Entry(repo, "data/prep.csv").ToJsonString(), "a restored file keeps the lineage of the run that made it");
        Assert.AreEqual("train", Entry(repo, "data/model.bin")["metadata"]!["run"]!["name"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Run_InterruptedTool_ForwardsTheInterrupt_AndAddsNothing()
    {
        using var repo = await RepoWithInputAsync();
        var manifest = repo.ManifestText;
        using var tool = repo.StartProcess(["run", "--", "sh", "-c", "trap 'echo x > data/late.txt; exit 5' INT; echo started > data/started.txt; while :; do sleep 0.1; done"]);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!repo.Exists("data/started.txt") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.IsTrue(repo.Exists("data/started.txt"), "the command did not start");
        var result = await tool.InterruptAsync();

        Assert.AreEqual(5, result.ExitCode, result.ToString());
        Assert.IsTrue(repo.Exists("data/late.txt"), "the child got the interrupt and ran its trap");
        StringAssert.Contains(result.Stderr, "error DT1122: run 'sh' was interrupted; nothing was added", result.ToString());
        Assert.AreEqual(manifest, repo.ManifestText);
    }
}
