using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Output;

/// <summary>--json: stdout is one JSON object and nothing else, with snake_case keys and values.</summary>
[TestClass]
public sealed class JsonOutputTests
{
    [TestMethod]
    public async Task Add_Json_IsOneObject_WithSnakeCaseKeysAndValues()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);

        var add = await repo.RunOkAsync("add", "--json", "data/a.bin");

        using var doc = JsonAssert.ParseWhole(add);
        var file = doc.RootElement.GetProperty("files")[0];
        Assert.AreEqual("data/a.bin", file.GetProperty("path").GetString(), add.ToString());
        Assert.AreEqual("added", file.GetProperty("change").GetString(), add.ToString());
        Assert.AreEqual(1, doc.RootElement.GetProperty("added").GetInt32(), add.ToString());
        JsonAssert.AuditNaming(doc.RootElement, "add");
    }

    [TestMethod]
    public async Task Pull_Json_WritesOutcomesInSnakeCase()
    {
        using var repo = await TempRepo.CreateAsync();
        // An object the remote already has: its outcome is AlreadyOnRemote, two words in PascalCase.
        repo.PutRemoteObject(repo.WriteRandom("data/a.bin", 1000, 1));
        await repo.RunOkAsync("add", "data/a.bin");

        var push = await repo.RunOkAsync("push", "--json");
        using (var pushed = JsonAssert.ParseWhole(push))
        {
            Assert.AreEqual("already_on_remote", pushed.RootElement.GetProperty("items")[0].GetProperty("outcome").GetString(), push.ToString());
        }

        var pull = await repo.RunOkAsync("pull", "--json");
        using var doc = JsonAssert.ParseWhole(pull);
        Assert.AreEqual("up_to_date", doc.RootElement.GetProperty("items")[0].GetProperty("outcome").GetString(), pull.ToString());
        JsonAssert.AuditNaming(doc.RootElement, "pull");
    }

    [TestMethod]
    public void Audit_RejectsPascalCaseValues_AndKeys_ButNotPathsOrSentences()
    {
        using var bad = System.Text.Json.JsonDocument.Parse("""{"items": [{"outcome": "FromCache"}]}""");
        Assert.ThrowsExactly<AssertFailedException>(() => JsonAssert.AuditNaming(bad.RootElement, "bad value"));
        using var badKey = System.Text.Json.JsonDocument.Parse("""{"storageKey": null}""");
        Assert.ThrowsExactly<AssertFailedException>(() => JsonAssert.AuditNaming(badKey.RootElement, "bad key"));

        using var good = System.Text.Json.JsonDocument.Parse("""{"path": "Data/README", "outcome": "from_cache", "date": "2024-01-02T03:04:05+00:00", "key": "ab12"}""");
        var words = JsonAssert.AuditNaming(good.RootElement, "good");
        CollectionAssert.AreEquivalent(new[] { "from_cache", "ab12" }, words.ToArray());
    }
}
