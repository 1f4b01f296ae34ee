using DataTasks.Analyzers;
using DataTasks.Core;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Check;

/// <summary>
/// check: scans the C# sources of this repository and of every export.json namespace for resolver calls, checks each
/// constant path against the manifest it resolves in (its own repository's, or the namespace's), and lists the files
/// on disk that .datapattern tracks but no manifest has.
/// </summary>
internal static class CheckRun
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", ".git", ".datatasks", "node_modules" };

    public static (List<CheckFinding> Findings, int Calls, int Files) Run(DataRepository? current, ExportMap? map, string displayBase, CancellationToken cancellationToken)
    {
        var repositories = Repositories(current, map);
        var manifests = repositories.ToDictionary(r => r.Repository.Root, r => new HashSet<string>(r.Repository.LoadManifest().Entries.Select(e => e.Path), StringComparer.Ordinal), StringComparer.Ordinal);
        var findings = new List<CheckFinding>();
        var calls = 0;
        var files = 0;

        foreach (var (file, owner) in OwnedSourceFiles(repositories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            files++;
            foreach (var call in SourceScanner.Scan(file, File.ReadAllText(file), cancellationToken))
            {
                calls++;
                var where = $"{Display(file, displayBase)}:{call.Line}:{call.Column}";
                if (!call.NamespaceIsConstant)
                {
                    findings.Add(new CheckFinding(CheckKind.Unverified, where, call.Path, null, "the namespace is not a constant"));
                    continue;
                }

                if (call.Path is null)
                {
                    findings.Add(new CheckFinding(CheckKind.Unverified, where, null, call.Namespace, "the path is not a constant"));
                    continue;
                }

                var (manifestFile, paths, problem) = ManifestFor(call.Namespace, owner, manifests, map);
                if (problem is not null)
                {
                    findings.Add(new CheckFinding(CheckKind.Dangling, where, call.Path, call.Namespace, problem));
                }
                else if (!DataPathPattern.Matches(paths!, call.Path.Replace('\\', '/'), call.IsTemplate))
                {
                    findings.Add(new CheckFinding(CheckKind.Dangling, where, call.Path, call.Namespace, $"not in {Display(manifestFile!, displayBase)}"));
                }
            }
        }

        foreach (var (_, repository) in repositories)
        {
            var status = StatusOperation.Run(repository, repository.LoadManifest(), new WorkingTree(repository), PathScope.All, cancellationToken);
            findings.AddRange(status.Items.Where(i => i.State == EntryState.Untracked)
                .Select(i => new CheckFinding(CheckKind.Untracked, Display(repository.FullPathOf(i.Path), displayBase), i.Path, null, "matches .datapattern, in no manifest")));
        }

        return (findings, calls, files);
    }

    /// <summary>
    /// The resolver calls, in this repository and every namespace, whose constant path names one of
    /// <paramref name="paths"/> in <paramref name="target"/> (by its own code, or by others through its namespace name).
    /// </summary>
    public static List<ResolveCall> CallsTo(DataRepository target, IReadOnlyCollection<string> paths, DataRepository? current, ExportMap? map, CancellationToken cancellationToken)
    {
        var targetNamespace = map?.NameOf(target.Root);
        var found = new List<ResolveCall>();
        foreach (var (file, owner) in OwnedSourceFiles(Repositories(current, map)))
        {
            foreach (var call in SourceScanner.Scan(file, File.ReadAllText(file), cancellationToken))
            {
                var inTarget = call.Namespace is null ? owner == target.Root : call.Namespace == targetNamespace;
                if (inTarget && call.Path is { } path && paths.Any(p => DataPathPattern.Matches([p], path.Replace('\\', '/'), call.IsTemplate)))
                {
                    found.Add(call);
                }
            }
        }

        return found;
    }

    private static List<(string Label, DataRepository Repository)> Repositories(DataRepository? current, ExportMap? map)
    {
        var repositories = new List<(string Label, DataRepository Repository)>();
        if (current is not null)
        {
            repositories.Add((map?.NameOf(current.Root) ?? ".", current));
        }

        foreach (var name in map?.Names ?? [])
        {
            repositories.Add((name, map!.Open(name)));
        }

        return [.. repositories.DistinctBy(r => r.Repository.Root)];
    }

    /// <summary>Every C# file with the repository it belongs to: the deepest one above it, so a nested namespace keeps its own.</summary>
    private static IEnumerable<(string File, string Owner)> OwnedSourceFiles(List<(string Label, DataRepository Repository)> repositories)
    {
        var roots = repositories.Select(r => r.Repository.Root).OrderByDescending(r => r.Length).ToList();
        return repositories.SelectMany(r => SourceFiles(r.Repository.Root)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(file => (file, roots.First(r => file.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal))));
    }

    private static (string? File, HashSet<string>? Paths, string? Problem) ManifestFor(string? ns, string owner, Dictionary<string, HashSet<string>> manifests, ExportMap? map)
    {
        if (ns is null)
        {
            return (Path.Join(owner, Core.Manifest.DataManifest.FileName), manifests[owner], null);
        }

        if (map is null)
        {
            return (null, null, $"namespace '{ns}' but there is no {ExportMap.FileName}");
        }

        try
        {
            var repository = map.Open(ns);
            return (repository.ManifestFile, manifests[repository.Root], null);
        }
        catch (DataTasksException ex)
        {
            return (null, null, ex.Message);
        }
    }

    private static IEnumerable<string> SourceFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (Directory.Exists(entry))
                {
                    if (!SkippedFolders.Contains(name) && new DirectoryInfo(entry).LinkTarget is null)
                    {
                        pending.Push(entry);
                    }
                }
                else if (name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                {
                    yield return entry;
                }
            }
        }
    }

    private static string Display(string full, string displayBase) => Path.GetRelativePath(displayBase, full).Replace('\\', '/');
}
