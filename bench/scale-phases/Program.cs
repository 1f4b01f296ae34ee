// Times the engine steps of a one-file `add` and of `status` on a large repository in one process: each step runs
// three times; the first includes JIT and type loading, the third shows the steady-state cost of the work itself.
// Usage: dotnet ScalePhases.dll <repository root> <repository path of one tracked file>
using System.Diagnostics;
using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

var root = args[0];
var file = args[1];
Console.WriteLine($"{"step",-52} {"1st (ms)",9} {"3rd (ms)",9} {"alloc 3rd (MB)",15}");
var repository = DataRepository.Discover(root);
DataManifest manifest = null!;
WorkingTree tree = null!;
var original = File.ReadAllBytes(repository.ManifestFile);

Step("LoadManifest (parse artifacts.json)", () => manifest = repository.LoadManifest());
Step("Serialize (the manifest text)", () => manifest.Serialize());
Step("Save (to a temp file)", () => manifest.Save(Path.Join(Path.GetTempPath(), "scale-phases-artifacts.json")));
Step("new WorkingTree (StatCache.Load)", () => tree = new WorkingTree(repository));
Step("StatCache.Save (one record changed)", () =>
{
    tree.StatCache.Remove(file);
    tree.Save();
});
Step("ManifestUpdate.ApplyAsync (one entry re-sized)", () =>
{
    ManifestUpdate.ApplyAsync(repository, m =>
    {
        m.TryGet(file, out var e);
        m.Set(e! with { Size = e.Size + 1 });
    }, CancellationToken.None).GetAwaiter().GetResult();
    File.WriteAllBytes(repository.ManifestFile, original);
});
Step("KnownVersions.FindAsync (one unknown key)", () =>
    KnownVersions.FindAsync(repository, null, [(new string('a', 64), 1L)], CancellationToken.None).GetAwaiter().GetResult());
Step("EnumerateFiles (whole tree)", () => tree.EnumerateFiles(PathScope.All).Count());
Step("GetKeys (every entry, warm stat cache)", () => tree.GetKeys(manifest.Entries.Select(e => e.Path).ToList(), trustCache: true, CancellationToken.None));
Step("StatusOperation.Run", () => StatusOperation.Run(repository, manifest, tree, PathScope.All, CancellationToken.None));
Step("AddOperation.RunAsync (one edited file)", () =>
{
    File.AppendAllText(Path.Join(root, file), "x");
    AddOperation.RunAsync(repository, [file], all: false, CancellationToken.None).GetAwaiter().GetResult();
    File.WriteAllBytes(repository.ManifestFile, original);
});

void Step(string name, Action action)
{
    var t = new double[3];
    long bytes = 0;
    for (var run = 0; run < 3; run++)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        action();
        t[run] = sw.Elapsed.TotalMilliseconds;
        bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    Console.WriteLine($"{name,-52} {t[0],9:F1} {t[2],9:F1} {bytes / 1e6,15:F1}");
}
