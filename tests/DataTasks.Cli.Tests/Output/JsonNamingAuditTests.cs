using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.Output;

/// <summary>
/// Issue 14's one naming style: every reporting command run with --json, through a workflow that makes them report
/// every kind of outcome, writes one object whose keys, and whose enum-like values, are all snake_case.
/// </summary>
[TestClass]
public sealed class JsonNamingAuditTests
{
    [TestMethod]
    public async Task EveryReportingCommand_Json_IsOneObject_InSnakeCase()
    {
        using var repo = await TempRepo.CreateAsync(init: false);
        var failures = new List<string>();
        var words = new HashSet<string>(StringComparer.Ordinal);

        async Task Audit(params string[] args)
        {
            var result = await repo.RunAsync(args);
            var command = string.Join(' ', args);
            if (result.ExitCode != 0)
            {
                failures.Add($"{command}: exit {result.ExitCode}\n{result}");
                return;
            }

            try
            {
                using var doc = JsonAssert.ParseWhole(result);
                words.UnionWith(JsonAssert.AuditNaming(doc.RootElement, command));
            }
            catch (AssertFailedException ex)
            {
                failures.Add($"{command}: {ex.Message}");
            }
        }

        await Audit("init", "--json", "--remote", repo.Remote);
        repo.WriteRandom("data/a.bin", 1000, 1);
        repo.WriteRandom("data/b.bin", 2000, 2);
        repo.WriteRandom("data/sub/c.bin", 3000, 3);
        await Audit("add", "--json", "data");
        await Audit("status", "--json");
        await Audit("tree", "--json");
        await Audit("check", "--json");
        await Audit("diff", "--json");
        await Audit("push", "--dry-run", "--json");
        await Audit("push", "--json");
        History.Git.Run(repo.Root, "add", "-A", ".");
        History.Git.Run(repo.Root, "commit", "-q", "-m", "data");

        await Audit("status", "--remote", "--json");
        await Audit("verify", "--json");
        await Audit("verify", "--remote", "--json");
        await Audit("push", "--repair", "--json", "data/a.bin");

        // From the machine cache, then (cache gone) from the remote: the outcomes whose enum names are two words.
        File.Delete(repo.PathOf("data/a.bin"));
        await Audit("pull", "--dry-run", "--json");
        await Audit("pull", "--json");
        Directory.Delete(repo.Cache, recursive: true);
        File.Delete(repo.PathOf("data/b.bin"));
        await Audit("pull", "--json");
        Directory.Delete(repo.Cache, recursive: true);
        await Audit("fetch", "--json");
        File.Delete(repo.PathOf("data/sub/c.bin"));
        await Audit("checkout", "--json", "HEAD");

        repo.WriteRandom("data/sub/c.bin", 3000, 33);
        await Audit("add", "--json", "data/sub/c.bin");
        await Audit("status", "--json");
        await Audit("diff", "HEAD", "--json");
        History.Git.Run(repo.Root, "commit", "-q", "-am", "c changed");
        await Audit("log", "--json");
        await Audit("diff", "HEAD~1..HEAD", "--json");
        await Audit("gc", "--json");
        await Audit("gc", "--cache", "--json");
        await Audit("gc", "--cache", "--verify", "--json");
        await Audit("install", "--json");
        await Audit("uninstall", "--json");
        await Audit("rm", "--json", "data/sub");

        Assert.IsEmpty(failures, string.Join("\n\n", failures));

        // The audit saw the values a PascalCase enum name would have broken, so it cannot pass by looking at nothing.
        foreach (var value in new[] { "from_cache", "up_to_date", "would_transfer", "downloaded", "uploaded", "modified", "synced", "intact", "repaired", "installed" })
        {
            Assert.Contains(value, words, $"no --json run reported '{value}'; seen: {string.Join(", ", words.Order(StringComparer.Ordinal))}");
        }
    }
}
