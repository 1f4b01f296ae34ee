// Times the phases of `dotnet data status` in one process: each phase runs twice; the first run includes JIT and
// type loading (what the CLI pays, as it runs each phase once), the second shows the steady-state cost of the work.
// Usage: dotnet StatusPhases.dll <repository root>
using System.Diagnostics;
using DataTasks.Core;
using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
var sinceStart = DateTime.UtcNow - processStart;
var root = args.Length > 0 ? args[0] : Environment.CurrentDirectory;
Console.WriteLine($"process start to Main: {sinceStart.TotalMilliseconds:F0} ms (runtime start-up, includes the host)");
Console.WriteLine($"{"phase",-48} {"1st (ms)",9} {"2nd (ms)",9}");

DataRepository repository = null!;
DataManifest manifest = null!;
WorkingTree tree = null!;
AddedState added = null!;
List<string> untracked = null!;
IReadOnlyDictionary<string, HashedFile?> keys = null!;
List<StatusItem> items = null!;
var total = new double[2];

Phase("DataRepository.Discover", () => repository = DataRepository.Discover(root));
Phase("LoadManifest (artifacts.json)", () => manifest = repository.LoadManifest());
Phase("new WorkingTree (StatCache.Load)", () => tree = new WorkingTree(repository));
Phase("AddedState.Load", () => added = AddedState.Load(Path.Join(repository.StateDirectory, "added.json")));
Phase("EnumerateFiles + .datapattern match (untracked)", () =>
{
    untracked = [];
    foreach (var p in tree.EnumerateFiles(PathScope.All))
    {
        if (!manifest.TryGet(p, out _) && repository.Patterns.IsMatch(p))
        {
            untracked.Add(p);
        }
    }
});
Phase("GetKeys (statx + stat cache lookup)", () => keys = tree.GetKeys(manifest.Entries.Select(e => e.Path).ToList(), trustCache: true, CancellationToken.None));
Phase("Classify + sort", () =>
{
    var patterns = repository.HasPatternFile ? repository.Patterns : null;
    items = manifest.Entries.Select(e => StatusOperation.Classify(e, keys[e.Path], added, patterns)).ToList();
    items.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
});
Phase("format + Console.Out.WriteLine per item", () =>
{
    foreach (var i in items)
    {
        Console.Error.WriteLine($"{i.State.ToString().ToLowerInvariant(),-8} {i.Path} ({i.Size}B, key: {i.StorageKey?[..4]}...)");
    }
});
Console.WriteLine($"{"total",-48} {total[0],9:F1} {total[1],9:F1}");
Console.WriteLine($"entries {manifest.Count}, untracked {untracked.Count}, hashed in GetKeys {tree.HashedCount} (0 = stat cache answered everything)");

void Phase(string name, Action action)
{
    var t = new double[2];
    for (var run = 0; run < 2; run++)
    {
        var sw = Stopwatch.StartNew();
        action();
        t[run] = sw.Elapsed.TotalMilliseconds;
        total[run] += t[run];
    }

    Console.WriteLine($"{name,-48} {t[0],9:F1} {t[1],9:F1}");
}
