using DataTasks.Cli.Tests.Infrastructure;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Tests;

/// <summary>
/// Two pulls in one repository: each sweeps temp files that look stale (idle for 10 minutes) next to the targets it
/// writes, so a temp file that is being written must never look stale, even for a moment.
/// </summary>
[TestClass]
public sealed class PullRaceTests
{
    private static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(10);

    [TestMethod]
    public async Task TwoPullProcesses_WhileTempFilesAreSweptContinuously_BothSucceed()
    {
        using var repo = await TempRepo.CreateAsync();
        var entries = new List<(string, string?, long)>();
        for (var i = 0; i < 30; i++)
        {
            var bytes = TestBytes.Seeded(1_000_000, 500 + i);
            entries.Add(($"data/f{i:D2}.bin", repo.PutRemoteObject(bytes), bytes.Length));
        }

        repo.WriteManifest(entries);
        await repo.RunOkAsync("pull");
        var folder = repo.PathOf("data");

        for (var round = 0; round < 3; round++)
        {
            foreach (var f in Directory.GetFiles(folder))
            {
                File.Delete(f);
            }

            // The other pull's sweep only looks now and then; sweeping all the time, as the test does, makes any moment
            // in which a live temp file looks stale visible, instead of failing two rounds in fifteen.
            using var stop = new CancellationTokenSource();
            var swept = new List<string>();
            var sweeper = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        foreach (var temp in Directory.EnumerateFiles(folder, ".*.dtpart"))
                        {
                            // File.GetLastWriteTimeUtc answers 1601 for a file renamed away meanwhile; a stat says "gone".
                            var cutoffNs = (DateTime.UtcNow - StaleAge - DateTime.UnixEpoch).Ticks * 100;
                            if (FileStat.TryGet(temp) is { } stat && stat.MTimeNs < cutoffNs)
                            {
                                File.Delete(temp);
                                swept.Add(Path.GetFileName(temp));
                            }
                        }
                    }
                    catch (IOException)
                    {
                        // A temp file renamed away between listing and stat.
                    }
                }
            });

            using var first = repo.StartProcess(["pull", "--jobs", "4"]);
            using var second = repo.StartProcess(["pull", "--jobs", "4"]);
            var results = await Task.WhenAll(first.WaitAsync(CliRunner.ProcessTimeout), second.WaitAsync(CliRunner.ProcessTimeout));
            stop.Cancel();
            await sweeper;

            Assert.AreEqual(0, swept.Count, $"round {round}: temp files that were being written looked stale: {string.Join(", ", swept.Take(5))}");
            foreach (var r in results)
            {
                Assert.AreEqual(0, r.ExitCode, $"round {round}:\n{r}");
            }

            foreach (var (path, key, _) in entries)
            {
                Assert.AreEqual(key, TestHash.Sha256File(repo.PathOf(path)), $"round {round}: {path}");
            }
        }
    }
}
