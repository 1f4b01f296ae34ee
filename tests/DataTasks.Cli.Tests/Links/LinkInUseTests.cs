using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Links;

/// <summary>
/// status --verbose and config list say once which link mode pull uses between the machine cache and this tree, and
/// why the modes before it fall through, by probing the real file systems (ext4 here, tmpfs at /dev/shm for a cache on
/// another file system). The probe leaves no file behind.
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinkInUseTests
{
    [TestInitialize]
    public void LinuxOnly()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/dev/shm"))
        {
            Assert.Fail("these tests need Linux with /dev/shm (tmpfs), the second file system");
        }
    }

    [TestMethod]
    public async Task StatusVerbose_WithHardlinkAndTheCacheOnTheSameFileSystem_SaysHardlink()
    {
        using var repo = await RepoAsync("hardlink,copy");

        var status = await repo.RunOkAsync("--verbose", "status");

        Assert.AreEqual("link: hardlink", status.OutLines[^1], status.ToString());
        AssertNoProbeLeft(repo);
    }

    [TestMethod]
    public async Task StatusVerbose_WithTheCacheOnAnotherFileSystem_SaysWhyHardlinkFellThrough()
    {
        var shmCache = Path.Join("/dev/shm", "dt-linkuse-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var repo = await RepoAsync("hardlink,copy");

            var status = await repo.RunAsync("--verbose", "--cache-dir", shmCache, "status");

            Assert.AreEqual(0, status.ExitCode, status.ToString());
            Assert.AreEqual($"link: copy (hardlink not possible between {shmCache} and {repo.Root} (different file systems))", status.OutLines[^1], status.ToString());
            Assert.IsEmpty(Directory.GetFiles(shmCache), "the probe file in the cache folder is gone");
            AssertNoProbeLeft(repo);
        }
        finally
        {
            Directory.Delete(shmCache, recursive: true);
        }
    }

    [TestMethod]
    public async Task Status_WithoutVerbose_HasNoLinkLine()
    {
        using var repo = await RepoAsync("hardlink,copy");

        var status = await repo.RunOkAsync("status");
        var json = JsonNode.Parse((await repo.RunOkAsync("status", "--json")).Stdout)!;

        Assert.IsFalse(status.OutLines.Any(l => l.StartsWith("link:", StringComparison.Ordinal)), status.ToString());
        Assert.IsNull(json["link_in_use"]);
    }

    [TestMethod]
    public async Task StatusVerboseJson_AndConfigListJson_CarryTheModeTheOrderAndTheSkippedModes()
    {
        using var repo = await RepoAsync("reflink,hardlink,copy");

        var status = JsonNode.Parse((await repo.RunOkAsync("--verbose", "status", "--json")).Stdout)!["link_in_use"]!;
        var config = JsonNode.Parse((await repo.RunOkAsync("config", "list", "--json")).Stdout)!["link_in_use"]!;

        foreach (var link in new[] { status, config })
        {
            Assert.AreEqual("reflink,hardlink,copy", (string)link["order"]!);
            Assert.AreEqual("hardlink", (string)link["mode"]!, "ext4 has no reflinks");
            Assert.AreEqual(repo.Root, (string)link["tree"]!);
            Assert.AreEqual(repo.Cache, (string)link["cache"]!);
            var skipped = link["skipped"]!.AsArray().Single()!;
            Assert.AreEqual("reflink", (string)skipped["mode"]!);
            Assert.AreEqual($"reflink not supported between {repo.Cache} and {repo.Root}", (string)skipped["reason"]!);
        }
    }

    [TestMethod]
    public async Task ConfigList_EndsWithTheLinkLine()
    {
        using var repo = await RepoAsync(null);

        var list = await repo.RunOkAsync("config", "list");

        Assert.AreEqual($"link: copy (reflink not supported between {repo.Cache} and {repo.Root})", list.OutLines[^1], list.ToString());
        AssertNoProbeLeft(repo);
    }

    private static void AssertNoProbeLeft(TempRepo repo)
    {
        Assert.IsEmpty(Directory.GetFiles(repo.Root, ".link-probe-*"), "no probe file in the tree");
        Assert.IsEmpty(Directory.Exists(repo.Cache) ? Directory.GetFiles(repo.Cache, ".link-probe-*") : [], "no probe file in the cache");
    }

    private static async Task<TempRepo> RepoAsync(string? mode)
    {
        var repo = await TempRepo.CreateAsync();
        if (mode is not null)
        {
            repo.WriteText(".datatasks/config.local.json", $"{{\"link\": \"{mode}\"}}");
        }

        repo.WriteRandom("data/a.bin", 100, 1);
        await repo.RunOkAsync("add", "data");
        return repo;
    }
}
