using System.Text.Json;
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

        using var doc = ParseWhole(add);
        var file = doc.RootElement.GetProperty("files")[0];
        Assert.AreEqual("data/a.bin", file.GetProperty("path").GetString(), add.ToString());
        Assert.AreEqual("added", file.GetProperty("change").GetString(), add.ToString());
        Assert.AreEqual(1, doc.RootElement.GetProperty("added").GetInt32(), add.ToString());
        AssertSnakeCase(doc.RootElement);
    }

    [TestMethod]
    public async Task Pull_Json_WritesOutcomesInSnakeCase()
    {
        using var repo = await TempRepo.CreateAsync();
        // An object the remote already has: its outcome is AlreadyOnRemote, two words in PascalCase.
        repo.PutRemoteObject(repo.WriteRandom("data/a.bin", 1000, 1));
        await repo.RunOkAsync("add", "data/a.bin");

        var push = await repo.RunOkAsync("push", "--json");
        using (var pushed = ParseWhole(push))
        {
            Assert.AreEqual("already_on_remote", pushed.RootElement.GetProperty("items")[0].GetProperty("outcome").GetString(), push.ToString());
        }

        var pull = await repo.RunOkAsync("pull", "--json");
        using var doc = ParseWhole(pull);
        Assert.AreEqual("up_to_date", doc.RootElement.GetProperty("items")[0].GetProperty("outcome").GetString(), pull.ToString());
        AssertSnakeCase(doc.RootElement);
    }

    /// <summary>Parses the whole of stdout: a stray human line before or after the object fails here.</summary>
    private static JsonDocument ParseWhole(CliResult result)
    {
        try
        {
            return JsonDocument.Parse(result.Stdout);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"stdout is not one JSON value ({ex.Message})\n{result}");
            throw;
        }
    }

    private static void AssertSnakeCase(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Assert.IsTrue(IsSnake(p.Name), $"key '{p.Name}' is not snake_case");
                    if (p.Name is not ("path" or "storage_key" or "error"))
                    {
                        AssertSnakeCase(p.Value);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var e in element.EnumerateArray())
                {
                    AssertSnakeCase(e);
                }

                break;
            case JsonValueKind.String:
                Assert.IsTrue(IsSnake(element.GetString()!), $"value '{element.GetString()}' is not snake_case");
                break;
        }
    }

    private static bool IsSnake(string text) => text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
