using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Runs;

/// <summary>
/// Issue 16: a real .NET program, built with the real dotnet CLI against the DataTasks package as users get it (the
/// packed feed), resolves two entries and writes one file under the real dotnet data run: the output's inputs are
/// exactly what it resolved, recorded through DATATASKS_RUN_RECORD.
/// </summary>
[TestClass]
public sealed class RunDotnetProgramTests
{
    [TestMethod]
    [Timeout(1_200_000, CooperativeCancellation = true)]
    public async Task DotnetProgram_ResolvingTwoEntries_UnderRun_RecordsThemAsTheOutputsInputs()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteText("data/a.csv", "a\n1\n");
        repo.WriteText("data/b.csv", "b\n2\n");
        repo.WriteText("data/unread.csv", "u\n");
        await repo.RunOkAsync("add", "data");

        var app = Path.Join(repo.Root, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Join(app, "nuget.config"), PackedFeed.NuGetConfig(PackedFeed.LibraryFeed()));
        File.WriteAllText(Path.Join(app, "App.csproj"), PackedFeed.LibraryAppProject());
        File.WriteAllText(Path.Join(app, "Program.cs"), """
            using DataTasks;

            var a = File.ReadAllText(DataArtifacts.Resolve("data/a.csv"));
            var b = await File.ReadAllTextAsync(await DataArtifacts.ResolveAsync("data/b.csv"));
            DataArtifacts.Resolve("data/a.csv");
            File.WriteAllText(Path.Join(DataArtifacts.FindRoot(), "data", "model.bin"), a + b);
            Console.WriteLine("trained");
            return 0;
            """);
        var build = DotnetProcess.Run(app, ["build", "-c", "Release"], new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackedFeed.Packages });
        Assert.AreEqual(0, build.ExitCode, build.Output);
        var dll = Path.Join(app, "bin", "Release", "net10.0", "App.dll");

        var run = await repo.RunProcessAsync(["run", "--name", "train", "--", CliRunner.DotnetHost, dll]);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.StartsWith(run.Stdout, "trained", "the program owns standard output");
        var entry = (JsonObject)repo.Entries["data/model.bin"]!;
        Assert.AreEqual("[\"data/a.csv\",\"data/b.csv\"]", entry["inputs"]!.ToJsonString(), run.ToString());
        Assert.AreEqual("train", entry["metadata"]!["run"]!["name"]!.GetValue<string>());
        StringAssert.EndsWith(entry["metadata"]!["run"]!["command"]!.GetValue<string>(), "App.dll");
        Assert.IsNull(entry["metadata"]!["run"]!["commit"], "nothing is committed in this repository");
        Assert.AreEqual(4, repo.Entries.Count, "only the program's output was added (its bin and obj are no data)");
        Assert.AreEqual(0, Directory.GetFiles(Path.Join(repo.Root, ".datatasks", "state", "runs")).Length, "the run record is deleted");
    }
}
