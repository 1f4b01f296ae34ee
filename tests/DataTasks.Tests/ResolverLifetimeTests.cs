using System.Runtime.CompilerServices;
using DataTasks.Core.Hashing;

namespace DataTasks.Tests;

/// <summary>
/// A resolver's stat cache is saved when the process exits, through one process-wide handler that does not keep the
/// resolver alive: an app that makes resolvers and drops them does not leak them.
/// </summary>
[TestClass]
public sealed class ResolverLifetimeTests
{
    [TestMethod]
    public void ADroppedResolver_IsCollected_EvenAfterItDeferredAStatCacheSaveToProcessExit()
    {
        using var repo = new RuntimeRepo();
        repo.AddUnpushed("data/a.bin", present: TestBytes.Seeded(100, 1));
        repo.AddUnpushed("data/b.bin", present: TestBytes.Seeded(100, 2));

        var dropped = ResolveTwoFilesAndDrop(repo);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.IsFalse(dropped.IsAlive, "something still holds the resolver (a per-instance ProcessExit handler?)");
    }

    [TestMethod]
    public async Task AChildProcess_SavesTheStatCacheOfAFileVerifiedJustBeforeItExits()
    {
        using var repo = new RuntimeRepo();
        string[] files = ["data/a.bin", "data/b.bin", "data/c.bin"];
        for (var i = 0; i < files.Length; i++)
        {
            repo.AddUnpushed(files[i], present: TestBytes.Seeded(1000, i));
        }

        using var host = ResolveHostProcess.Start(repo, repo.Root, files[0], "1", files[1], files[2]);
        var (exitCode, output, all) = await host.WaitAsync();
        Assert.AreEqual(0, exitCode, all);

        // The first file is saved at once; the next ones, a few milliseconds later, wait for the throttled save, which
        // only the exit handler performs before the process ends.
        var before = output.Split('\n').Single(l => l.StartsWith("stat cache before exit: ", StringComparison.Ordinal));
        Assert.IsLessThan(files.Length, int.Parse(before["stat cache before exit: ".Length..], System.Globalization.CultureInfo.InvariantCulture), $"nothing was left for the exit handler\n{all}");
        var cache = StatCache.Load(Path.Join(repo.Root, ".datatasks", "state", "stat-cache.bin"));
        foreach (var file in files)
        {
            var stat = DataTasks.Core.Storage.FileStat.TryGet(repo.PathOf(file));
            Assert.IsNotNull(stat);
            Assert.IsTrue(cache.TryGetKey(file, stat.Value, out var key), $"{file} is not in the stat cache saved at exit\n{all}");
            Assert.AreEqual(TestHash.Sha256(File.ReadAllBytes(repo.PathOf(file))), key);
        }
    }

    // Not inlined, so no local of the test method keeps the resolver reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ResolveTwoFilesAndDrop(RuntimeRepo repo)
    {
        var resolver = repo.Resolver();

        // The first verification saves the stat cache; the second, within the two-second throttle, defers to exit.
        Assert.AreEqual(repo.PathOf("data/a.bin"), resolver.ResolveAsync("data/a.bin").GetAwaiter().GetResult());
        Assert.AreEqual(repo.PathOf("data/b.bin"), resolver.ResolveAsync("data/b.bin").GetAwaiter().GetResult());
        return new WeakReference(resolver);
    }
}
