using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests;

/// <summary>The manifest's size field is checked against the content, and verify counts files not on disk as problems.</summary>
[TestClass]
public sealed partial class SizeFieldTests
{
    [GeneratedRegex(@"\d+(\.\d+)?(KB|MB|GB|TB|PB)")]
    private static partial Regex SizeText();

    private static async Task<(TempRepo Repo, byte[] Bytes)> RepoWithWrongSize(long recorded = 7)
    {
        var repo = await TempRepo.CreateAsync();
        var bytes = repo.WriteRandom("data/a.bin", 6, 1);
        var key = repo.PutRemoteObject(bytes);
        repo.WriteManifest([("data/a.bin", key, recorded)]);
        return (repo, bytes);
    }

    [TestMethod]
    public async Task WrongSize_IsModifiedInStatus_AndAMismatchInVerify()
    {
        var (repo, _) = await RepoWithWrongSize();
        using var _ = repo;
        var status = await repo.RunOkAsync("status");
        Assert.IsTrue(status.OutLines.Any(l => l.StartsWith("modified", StringComparison.Ordinal) && l.Contains("data/a.bin", StringComparison.Ordinal)), status.ToString());

        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.Stdout, "data/a.bin", verify.ToString());
    }

    [TestMethod]
    [DataRow(false, 7L, DisplayName = "pull, size 7 for 6 bytes")]
    [DataRow(true, 7L, DisplayName = "pull --no-cache, size 7 for 6 bytes")]
    [DataRow(false, long.MaxValue, DisplayName = "pull, size long.MaxValue for 6 bytes")]
    [DataRow(true, long.MaxValue, DisplayName = "pull --no-cache, size long.MaxValue for 6 bytes")]
    public async Task WrongSize_PullFailsThatFile_WithNoNonsenseSize_AndWritesNothing(bool noCache, long recorded)
    {
        var (repo, _) = await RepoWithWrongSize(recorded);
        using var _ = repo;
        File.Delete(repo.PathOf("data/a.bin"));
        var pull = await repo.RunAsync(noCache ? ["pull", "--no-cache"] : ["pull"]);
        Assert.AreEqual(1, pull.ExitCode, pull.ToString());
        Assert.IsTrue(pull.ErrLines.Any(l => l.StartsWith("error DT0306: ", StringComparison.Ordinal) && l.Contains("data/a.bin", StringComparison.Ordinal)), pull.ToString());
        Assert.IsFalse(repo.Exists("data/a.bin"), "nothing at the target");
        Assert.IsFalse(SizeText().IsMatch(pull.Stdout + pull.Stderr), $"a 6-byte file printed with a nonsense size:\n{pull}");
    }

    [TestMethod]
    public async Task Verify_WithFilesNotOnDisk_ExitsOne()
    {
        using var repo = await TempRepo.CreateAsync();
        repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/b.bin", 1000, 2);
        await repo.RunOkAsync("add", "data");
        await repo.RunOkAsync("push");
        File.Delete(repo.PathOf("data/b.bin"));

        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.Stdout, "1 not on disk", verify.ToString());
        Assert.IsTrue(verify.Stdout.Contains("data/b.bin", StringComparison.Ordinal) || verify.Stderr.Contains("data/b.bin", StringComparison.Ordinal), verify.ToString());
    }
}
