using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 12: entries that differ only in case are refused on a case-insensitive file system.</summary>
[TestClass]
public sealed class CaseCollisionTests
{
    private const string KeyA = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string KeyB = "2222222222222222222222222222222222222222222222222222222222222222";

    [TestMethod]
    public async Task CaseInsensitiveFileSystem_RefusesEntriesDifferingOnlyInCase_WithDT0106()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteManifest([("data/A.bin", KeyA, 1), ("data/a.bin", KeyB, 1)]);
        var tree = Snapshot.Take(repo.Base);

        foreach (var args in new[] { new[] { "status" }, ["pull"], ["verify"] })
        {
            var result = await repo.RunProcessAsync(args, new Dictionary<string, string?> { ["DATATASKS_CASE_INSENSITIVE_FS"] = "1" });
            BadInputTests.AssertOneErrorLine(result, "DT0106", 2);
            StringAssert.Contains(result.Stderr, "data/A.bin");
            StringAssert.Contains(result.Stderr, "data/a.bin");
        }

        tree.AssertUnchanged("refused case collision");

        // The same manifest is fine on a case-sensitive file system.
        var sensitive = await repo.RunProcessAsync(["status"], new Dictionary<string, string?> { ["DATATASKS_CASE_INSENSITIVE_FS"] = "0" });
        Assert.AreEqual(0, sensitive.ExitCode, sensitive.ToString());
        StringAssert.Contains(sensitive.Stdout, "missing  data/A.bin");
        StringAssert.Contains(sensitive.Stdout, "missing  data/a.bin");
    }
}
