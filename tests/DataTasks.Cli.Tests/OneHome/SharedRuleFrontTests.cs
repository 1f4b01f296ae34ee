using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.OneHome;

/// <summary>Core's size format and namespace-name rule, as the command line shows them.</summary>
[TestClass]
public sealed class SharedRuleFrontTests
{
    /// <summary>999,999 bytes is "1MB" in every front (the SDK's old copy printed "1000KB").</summary>
    [TestMethod]
    public async Task Push_Of999999Bytes_Says1MB()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 999_999, 1);
        await repo.RunOkAsync("add", "data/a.bin");

        var push = await repo.RunOkAsync("push");

        StringAssert.Contains(push.Stdout, "pushed 1 file (1MB)", push.ToString());
    }

    /// <summary>A name the namespace rule refuses in export.json is DT0701, as in the SDK and the runtime.</summary>
    [TestMethod]
    public async Task ExportMap_WithABadNamespaceName_IsDT0701()
    {
        using var repo = await TempRepo.CreateAsync();
        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{"bad name": "libs/shared"}""");

        var pull = await repo.RunAsync("pull", "--extern", "bad name");

        Assert.AreEqual(2, pull.ExitCode, pull.ToString());
        StringAssert.StartsWith(pull.Stderr, "error DT0701: ", pull.ToString());
        StringAssert.Contains(pull.Stderr, "bad namespace name 'bad name'", pull.ToString());
    }
}
