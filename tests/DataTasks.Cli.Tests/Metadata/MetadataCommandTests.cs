using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Metadata;

/// <summary>Issue 16: metadata through add, annotate, push, pull and rm in a real repository; bad input is one line.</summary>
[TestClass]
public sealed class MetadataCommandTests
{
    private static JsonObject Entry(TempRepo repo, string path) => (JsonObject)repo.Entries[path]!;

    [TestMethod]
    public async Task AddWithMetadata_SurvivesPushPullAndReAdd()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/raw.csv", 500, 1);
        repo.WriteRandom("data/model.bin", 1000, 2);
        await repo.RunOkAsync("add", "data/raw.csv");
        var add = await repo.RunOkAsync("add", "data/model.bin", "--description", "the trained model", "--tag", "v1", "--tag", "model",
            "--input", "data/raw.csv", "--meta", "lr=0.01", "--meta", "owner=ana", "--meta", "dims=[3,4]");
        Assert.AreEqual(string.Empty, add.Stderr, add.ToString());

        var e = Entry(repo, "data/model.bin");
        Assert.AreEqual("the trained model", e["description"]!.GetValue<string>());
        Assert.AreEqual("[\"model\",\"v1\"]", e["tags"]!.ToJsonString(), "tags are sorted");
        Assert.AreEqual("[\"data/raw.csv\"]", e["inputs"]!.ToJsonString());
        Assert.AreEqual("{\"dims\":[3,4],\"lr\":0.01,\"owner\":\"ana\"}", e["metadata"]!.ToJsonString());
        Assert.IsFalse(Entry(repo, "data/raw.csv").ContainsKey("tags"), "an entry without metadata is written as before");

        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/model.bin"));
        await repo.RunOkAsync("pull");
        e = Entry(repo, "data/model.bin");
        Assert.IsNotNull(e["storage_key"]!.GetValue<string>());
        Assert.AreEqual("the trained model", e["description"]!.GetValue<string>(), "push and pull keep the fields");

        repo.WriteRandom("data/model.bin", 1200, 3);
        await repo.RunOkAsync("add", "data/model.bin");
        e = Entry(repo, "data/model.bin");
        Assert.AreEqual(1200, e["size"]!.GetValue<long>());
        Assert.AreEqual("[\"model\",\"v1\"]", e["tags"]!.ToJsonString(), "adding new content keeps the fields");
        Assert.AreEqual(0.01, e["metadata"]!["lr"]!.GetValue<double>());
    }

    [TestMethod]
    public async Task AddWithTag_OnUnchangedContent_SaysItAnnotated_AndARepeatWritesNothing()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        await repo.RunOkAsync("add", "data/a.bin");

        var add = await repo.RunOkAsync("add", "data/a.bin", "--tag", "golden");
        Assert.AreEqual("[\"golden\"]", Entry(repo, "data/a.bin")["tags"]!.ToJsonString());
        StringAssert.Contains(add.Stdout, "annotated data/a.bin", add.ToString());
        StringAssert.Contains(add.Stdout, "annotated 1 entry", add.ToString());
        Assert.IsFalse(add.Stdout.Contains("nothing to add", StringComparison.Ordinal), add.ToString());

        var written = File.GetLastWriteTimeUtc(repo.PathOf("artifacts.json"));
        var manifest = repo.ManifestText;
        await Task.Delay(20);
        var again = await repo.RunOkAsync("add", "data/a.bin", "--tag", "golden", "--json");
        var obj = JsonNode.Parse(again.Stdout)!;
        Assert.AreEqual(0, obj["annotated"]!.GetValue<int>(), again.ToString());
        Assert.AreEqual(0, obj["files"]!.AsArray().Count, again.ToString());
        Assert.AreEqual(manifest, repo.ManifestText);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(repo.PathOf("artifacts.json")), "an add that changes nothing does not rewrite the manifest");

        var json = await repo.RunOkAsync("add", "data/a.bin", "--meta", "owner=ana", "--json");
        obj = JsonNode.Parse(json.Stdout)!;
        Assert.AreEqual(1, obj["annotated"]!.GetValue<int>(), json.ToString());
        Assert.AreEqual(0, obj["added"]!.GetValue<int>(), json.ToString());
        Assert.AreEqual("annotated", obj["files"]![0]!["change"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Annotate_ChangesFieldsOfExistingEntries_AndClears()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        repo.WriteRandom("data/b.bin", 100, 2);
        await repo.RunOkAsync("add", "data");
        var keyBefore = repo.ManifestText;

        await repo.RunOkAsync("annotate", "data", "--tag", "raw", "--meta", "source=lab");
        Assert.AreEqual("[\"raw\"]", Entry(repo, "data/a.bin")["tags"]!.ToJsonString());
        Assert.AreEqual("[\"raw\"]", Entry(repo, "data/b.bin")["tags"]!.ToJsonString());

        var json = await repo.RunOkAsync("annotate", "data/a.bin", "--untag", "raw", "--tag", "clean", "--description", "cleaned", "--unmeta", "source", "--json");
        var obj = JsonNode.Parse(json.Stdout)!;
        Assert.AreEqual(1, obj["annotated"]!.GetValue<int>());
        Assert.AreEqual("cleaned", obj["entries"]![0]!["description"]!.GetValue<string>());
        Assert.AreEqual("[\"clean\"]", Entry(repo, "data/a.bin")["tags"]!.ToJsonString());
        Assert.IsFalse(Entry(repo, "data/a.bin").ContainsKey("metadata"), "the last metadata key removed drops the field");

        await repo.RunOkAsync("annotate", "data", "--clear", "all");
        StringAssert.DoesNotMatch(repo.ManifestText, new System.Text.RegularExpressions.Regex("tags|description|metadata"));
        Assert.AreEqual(keyBefore, repo.ManifestText, "clearing everything gives back the manifest as add wrote it");
    }

    [TestMethod]
    [DataRow(new[] { "annotate", "data/a.bin", "--meta", "lr" }, "DT1101")]
    [DataRow(new[] { "annotate", "data/a.bin", "--tag", "two words" }, "DT0141")]
    [DataRow(new[] { "annotate", "data/a.bin", "--tag", "bell\u0007" }, "DT0141")]
    [DataRow(new[] { "annotate", "data/a.bin", "--input", "/abs" }, "DT0142")]
    [DataRow(new[] { "annotate", "data/a.bin", "--input", "data/nope", "--strict" }, "DT0143")]
    [DataRow(new[] { "annotate", "data/a.bin", "--clear", "size" }, "DT1102")]
    [DataRow(new[] { "annotate", "data/a.bin" }, "DT1103")]
    [DataRow(new[] { "annotate", "data/nope", "--tag", "x" }, "DT1104")]
    [DataRow(new[] { "add", "data/a.bin", "--meta", "=1" }, "DT0144")]
    [DataRow(new[] { "add", "data/a.bin", "--tag", "x", "--input", "data/nope", "--strict" }, "DT0143")]
    [DataRow(new[] { "describe", "data/nope" }, "DT1104")]
    [DataRow(new[] { "find", "--all", "--extern", "x" }, "DT1105")]
    public async Task BadInput_IsOneLineWithItsCode_AndNothingIsWritten(string[] args, string code)
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        if (code == "DT1105")
        {
            File.WriteAllText(Path.Join(repo.Root, "export.json"), "{}");
        }

        var before = repo.ManifestText;
        var result = await repo.RunAsync(args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual(1, result.ErrLines.Length, result.ToString());
        StringAssert.StartsWith(result.ErrLines[0], $"error {code}", result.ToString());
        Assert.AreEqual(before, repo.ManifestText, "nothing half-written");
    }

    [TestMethod]
    public async Task AnInputNamingNoEntry_IsAWarning_AndIsRecorded()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        await repo.RunOkAsync("add", "data/a.bin");

        var result = await repo.RunOkAsync("annotate", "data/a.bin", "--input", "data/later.csv");

        StringAssert.Contains(result.Stderr, "DT0143");
        StringAssert.Contains(result.Stderr, "data/later.csv");
        Assert.AreEqual("[\"data/later.csv\"]", Entry(repo, "data/a.bin")["inputs"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Rm_WarnsAboutEntriesListingTheRemovedOneAsAnInput_AndDropsItsFields()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/raw.csv", 100, 1);
        repo.WriteRandom("data/model.bin", 100, 2);
        await repo.RunOkAsync("add", "data/raw.csv", "--tag", "raw");
        await repo.RunOkAsync("add", "data/model.bin", "--input", "data/raw.csv");

        var rm = await repo.RunOkAsync("rm", "data/raw.csv");

        StringAssert.Contains(rm.Stderr, "data/raw.csv is an input of data/model.bin");
        Assert.IsFalse(repo.Entries.ContainsKey("data/raw.csv"));
        await repo.RunOkAsync("add", "data/raw.csv");
        Assert.IsFalse(Entry(repo, "data/raw.csv").ContainsKey("tags"), "rm dropped the fields with the entry");
    }

    [TestMethod]
    public async Task AWrongTypedTagsField_IsDT0140_ForEveryCommand()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 100, 1);
        await repo.RunOkAsync("add", "data/a.bin");
        repo.WriteText("artifacts.json", repo.ManifestText.Replace("\"size\"", "\"tags\": \"x\",\n      \"size\""));

        foreach (var command in new[] { "status", "describe", "find" })
        {
            var result = await repo.RunAsync(command);
            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.ErrLines[0], "error DT0140", result.ToString());
            StringAssert.Contains(result.ErrLines[0], "tags must be an array of strings");
        }
    }
}
