using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Output;

/// <summary>Core's Plural through the command line: "1 file", never "1 files" (the rule itself: Core's PluralTests).</summary>
[TestClass]
public sealed class PluralTests
{
    [TestMethod]
    public async Task Push_OfOneFile_SaysOneFile()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        await repo.RunOkAsync("add", "data/a.bin");

        var push = await repo.RunOkAsync("push");

        StringAssert.Contains(push.Stdout, "pushed 1 file (", push.ToString());
    }
}
