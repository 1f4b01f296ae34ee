using DataTasks;

// Usage: ResolveHost <repository root> <manifest path> <threads>
// Prints one line per hydration ("downloaded" or "cached") and then "resolved <n> <path>".
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
return 0;
