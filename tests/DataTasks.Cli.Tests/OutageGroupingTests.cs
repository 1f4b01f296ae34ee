using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>One error line per distinct error, with the count of files it cost, for the folder remote too.</summary>
[TestClass]
public sealed class OutageGroupingTests
{
    [TestMethod]
    public async Task RemoteFolderVanished_PullOfManyFiles_OneDT0203LineWithTheCount()
    {
        using var repo = await TempRepo.CreateAsync();
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 30; i++)
        {
            var bytes = TestBytes.Seeded(100, 900 + i);
            entries.Add(($"data/f{i:D2}.bin", repo.PutRemoteObject(bytes), bytes.Length));
        }

        repo.WriteManifest(entries);
        TempDir.DeleteDirectory(repo.Remote);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        var errors = pull.ErrLines.Where(l => l.StartsWith("error ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, errors, pull.ToString());
        StringAssert.StartsWith(errors[0], "error DT0203: ", pull.ToString());
        StringAssert.Contains(errors[0], "30 files not pulled", pull.ToString());
    }

    [TestMethod]
    public async Task DistinctErrors_StayDistinctLines()
    {
        using var repo = await TempRepo.CreateAsync();
        var present = TestBytes.Seeded(100, 1);
        repo.WriteManifest([
            ("data/a.bin", TestHash.Sha256(TestBytes.Seeded(100, 2)), 100),
            ("data/b.bin", TestHash.Sha256(TestBytes.Seeded(100, 3)), 100),
            ("data/c.bin", repo.PutRemoteObject(present), present.Length),
        ]);

        var pull = await repo.RunAsync("pull");

        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        var errors = pull.ErrLines.Where(l => l.StartsWith("error ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(2, errors, pull.ToString());
        Assert.IsTrue(errors.All(e => e.StartsWith("error DT0205: object ", StringComparison.Ordinal)), pull.ToString());
        Assert.IsTrue(repo.Exists("data/c.bin"));
    }
}
