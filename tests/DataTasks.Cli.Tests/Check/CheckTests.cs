using System.Text.Json;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Check;

/// <summary>dotnet data check: C# sources parsed with Roslyn, paths checked against the manifests, untracked files.</summary>
[TestClass]
public sealed class CheckTests
{
    private const string Program = """
        using DataTasks;

        static class App
        {
            const string Name = "data/a.bin";

            static void Main(string[] args)
            {
                DataArtifacts.Resolve("data/a.bin");
                DataArtifacts.Resolve("data/missing.bin");
                global::DataTasks.DataArtifacts.Resolve(args[0]);
                DataArtifacts.Resolve(Name);
                DataArtifacts.Resolve("data/{version}/model.pt", null, new { version = "1.4.1" });
                DataArtifacts.Resolve("data/{version}/weights.pt", null, new { version = "1.4.1" });
                _ = DataArtifacts.ResolveAsync(path: "data/" + "1.4.1/model.pt");
                DataArtifacts.Resolve("data/pesto.bin", "pesto");
                DataArtifacts.Resolve("data/a.bin", namespaceName: "pesto");
                // DataArtifacts.Resolve("data/in-a-comment.bin") is not a call.
                var s = "DataArtifacts.Resolve(\"data/in-a-string.bin\")";
            }
        }
        """;

    private static async Task<TempRepo> RepoAsync()
    {
        var repo = await TempRepo.CreateAsync();
        repo.WriteText(".datapattern", "data/**\n");
        repo.WriteRandom("data/a.bin", 100, 1);
        repo.WriteRandom("data/1.4.1/model.pt", 100, 2);
        await repo.RunOkAsync("add", "data");
        repo.WriteRandom("data/new.bin", 100, 3);
        repo.WriteText("src/App/Program.cs", Program);
        repo.WriteText("src/App/obj/Generated.cs", "class G { void M() => DataTasks.DataArtifacts.Resolve(\"data/in-obj.bin\"); }");

        // A namespace "pesto" in a nested repository with its own manifest.
        var pesto = Path.Join(repo.Root, "models", "pesto");
        Directory.CreateDirectory(Path.Join(pesto, "data"));
        File.WriteAllBytes(Path.Join(pesto, "data", "pesto.bin"), TestBytes.Seeded(50, 4));
        Assert.AreEqual(0, (await repo.RunInAsync(pesto, "init")).ExitCode);
        Assert.AreEqual(0, (await repo.RunInAsync(pesto, "add", "data")).ExitCode);
        repo.WriteText("export.json", """{"pesto": "models/pesto"}""");
        return repo;
    }

    [TestMethod]
    public async Task DanglingUnverifiedAndUntracked_AreReportedWithLocations_AndDanglingExits1()
    {
        using var repo = await RepoAsync();
        var check = await repo.RunAsync("check");
        Assert.AreEqual(1, check.ExitCode, check.ToString());
        var lines = check.OutLines;
        string[] dangling = [.. lines.Where(l => l.StartsWith("dangling", StringComparison.Ordinal))];
        Assert.HasCount(3, dangling, check.ToString());
        Assert.IsTrue(dangling.Any(l => l.Contains("src/App/Program.cs:10:31  data/missing.bin (not in artifacts.json)", StringComparison.Ordinal)), check.ToString());
        Assert.IsTrue(dangling.Any(l => l.Contains("data/{version}/weights.pt", StringComparison.Ordinal)), check.ToString());
        Assert.IsTrue(dangling.Any(l => l.Contains("pesto:data/a.bin (not in models/pesto/artifacts.json)", StringComparison.Ordinal)), check.ToString());

        string[] unverified = [.. lines.Where(l => l.StartsWith("unverified", StringComparison.Ordinal))];
        Assert.HasCount(2, unverified, "args[0] and a const field (syntax only: not folded)\n" + check);
        Assert.IsTrue(unverified.Any(l => l.Contains("Program.cs:11:", StringComparison.Ordinal)), check.ToString());

        Assert.IsTrue(lines.Any(l => l.StartsWith("untracked", StringComparison.Ordinal) && l.Contains("data/new.bin", StringComparison.Ordinal)), check.ToString());
        Assert.IsFalse(check.Stdout.Contains("in-obj", StringComparison.Ordinal), "obj/ is not scanned");
        Assert.IsFalse(check.Stdout.Contains("in-a-", StringComparison.Ordinal), "comments and strings are not calls");
        StringAssert.Contains(check.Stdout, "check: 3 dangling, 2 unverified, 1 untracked (9 resolver calls in 1 C# file)", check.ToString());
    }

    [TestMethod]
    public async Task Json_ListsEachKind_AndACleanTreeExits0()
    {
        using var repo = await RepoAsync();
        var json = await repo.RunAsync("check", "--json");
        Assert.AreEqual(1, json.ExitCode, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.AreEqual(9, doc.RootElement.GetProperty("calls").GetInt32());
        Assert.AreEqual(3, doc.RootElement.GetProperty("dangling").GetArrayLength());
        Assert.AreEqual(2, doc.RootElement.GetProperty("unverified").GetArrayLength());
        Assert.AreEqual("data/new.bin", doc.RootElement.GetProperty("untracked")[0].GetProperty("path").GetString());

        repo.WriteText("src/App/Program.cs", "static class App { static void Main() => DataTasks.DataArtifacts.Resolve(\"data/a.bin\"); }");
        var clean = await repo.RunAsync("check");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        StringAssert.Contains(clean.Stdout, "check: 0 dangling, 0 unverified, 1 untracked", clean.ToString());
    }

    [TestMethod]
    public async Task Rm_WarnsDT0707_ForCodeThatStillResolvesTheEntry_AndForANamespacePinningTheSameContent()
    {
        using var repo = await RepoAsync();
        var pesto = Path.Join(repo.Root, "models", "pesto");
        File.Copy(repo.PathOf("data/a.bin"), Path.Join(pesto, "data", "copy-of-a.bin"));
        Assert.AreEqual(0, (await repo.RunInAsync(pesto, "add", "data/copy-of-a.bin")).ExitCode);
        Assert.AreEqual(0, (await repo.RunInAsync(pesto, "--remote", repo.Remote, "push")).ExitCode);
        await repo.RunOkAsync("push");

        var rm = await repo.RunAsync("rm", "data/a.bin");
        Assert.AreEqual(0, rm.ExitCode, rm.ToString());
        StringAssert.Contains(rm.Stdout, "removed  data/a.bin");
        string[] warnings = [.. rm.ErrLines.Where(l => l.StartsWith("warning DT0707: ", StringComparison.Ordinal))];
        Assert.HasCount(2, warnings, rm.ToString());
        Assert.IsTrue(warnings.Any(w => w.Contains("data/a.bin is still resolved by code at src/App/Program.cs:9:31", StringComparison.Ordinal)), rm.ToString());
        Assert.IsTrue(warnings.Any(w => w.Contains("data/a.bin: namespace pesto still pins the same content as data/copy-of-a.bin", StringComparison.Ordinal)), rm.ToString());

        // A template and a concatenation of constants that can resolve to the entry count as uses too.
        var model = await repo.RunAsync("rm", "data/1.4.1/model.pt");
        Assert.AreEqual(0, model.ExitCode, model.ToString());
        string[] modelWarnings = [.. model.ErrLines.Where(l => l.StartsWith("warning DT0707: ", StringComparison.Ordinal))];
        Assert.HasCount(2, modelWarnings, model.ToString());
        Assert.IsTrue(modelWarnings.Any(w => w.Contains("data/{version}/model.pt is still resolved by code at src/App/Program.cs:13:", StringComparison.Ordinal)), model.ToString());

        // An entry nothing uses goes quietly.
        repo.WriteRandom("data/quiet.bin", 10, 9);
        await repo.RunOkAsync("add", "data/quiet.bin");
        var quiet = await repo.RunAsync("rm", "data/quiet.bin");
        Assert.AreEqual(0, quiet.ExitCode, quiet.ToString());
        Assert.IsFalse(quiet.Stderr.Contains("DT0707", StringComparison.Ordinal), quiet.ToString());
    }

    [TestMethod]
    public async Task Rm_WithANamespaceThatCannotBeOpened_StillRemoves_AndWarns()
    {
        using var repo = await RepoAsync();
        Directory.CreateDirectory(repo.PathOf("models/empty"));
        repo.WriteText("export.json", """{"pesto": "models/pesto", "broken": "models/empty"}""");
        var rm = await repo.RunAsync("rm", "data/a.bin");
        Assert.AreEqual(0, rm.ExitCode, rm.ToString());
        StringAssert.Contains(rm.Stdout, "removed  data/a.bin");
        Assert.IsFalse(File.ReadAllText(repo.ManifestPath).Contains("\"data/a.bin\"", StringComparison.Ordinal), "the entry was removed");
        Assert.IsTrue(rm.ErrLines.Any(l => l.StartsWith("warning DT0704: ", StringComparison.Ordinal)), rm.ToString());
        Assert.IsFalse(rm.ErrLines.Any(l => l.StartsWith("error ", StringComparison.Ordinal)), rm.ToString());
    }
}
