using DataTasks;
using DataTasks.Core.Hashing;

// Usage: ResolveHost <repository root> <manifest path> <threads> [<manifest path>...]
// Resolves the first path from <threads> threads at once, printing one line per hydration ("downloaded" or "cached")
// and then "resolved <n> <path>"; then resolves each further path in turn ("resolved <path>"). Last it prints how many
// files the stat cache on disk knows before the process exits ("stat cache before exit: <n>"), so a test can tell
// what the exit-time save added.
var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { RepositoryRoot = args[0] });
var downloads = 0;
resolver.Hydrated += (_, e) =>
{
    Interlocked.Increment(ref downloads);
    Console.WriteLine(e.FromRemote ? "downloaded" : "cached");
};

var threads = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
using var start = new Barrier(threads);
var paths = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
{
    start.SignalAndWait();
    return await resolver.ResolveAsync(args[1]);
})));
Console.WriteLine($"resolved {paths.Distinct().Count()} {paths[0]}");
foreach (var path in args.Skip(3))
{
    await resolver.ResolveAsync(path);
    Console.WriteLine($"resolved {path}");
}

var statCache = StatCache.Load(Path.Join(args[0], ".datatasks", "state", "stat-cache.bin"));
Console.WriteLine($"stat cache before exit: {statCache.Count}");
return 0;
