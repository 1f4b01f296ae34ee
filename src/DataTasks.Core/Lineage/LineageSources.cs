using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;

namespace DataTasks.Core.Lineage;

/// <summary>
/// The manifests lineage reads: the starting repository's, and each export.json namespace's when it is readable. A
/// namespace that cannot be read is remembered with its reason (the node is unresolved, never an error), and each is
/// read at most once. Namespaced inputs are resolved against the export.json nearest the starting repository: one
/// monorepo has one map.
/// </summary>
internal sealed class LineageSources
{
    private readonly DataRepository start;
    private readonly DataManifest startManifest;
    private readonly Dictionary<string, (DataManifest? Manifest, string? Problem)> namespaces = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> problems = new(StringComparer.Ordinal);
    private bool mapRead;
    private ExportMap? map;
    private string? mapProblem;
    private string? selfName;
    private Dictionary<EntryInputReference, List<EntryInputReference>>? dependents;

    public LineageSources(DataRepository start, DataManifest startManifest)
    {
        this.start = start;
        this.startManifest = startManifest;
    }

    /// <summary>Each namespace that was needed and could not be read, with why, in name order.</summary>
    public IReadOnlyDictionary<string, string> Problems => problems;

    /// <summary>
    /// The node an input of an entry of <paramref name="from"/> (null: the starting repository) names, in the starting
    /// repository's terms: a local input stays in <paramref name="from"/>, and the starting repository's own namespace
    /// name becomes null, so one entry is one node however it is spelled.
    /// </summary>
    public EntryInputReference Canonical(string? from, string inputText)
    {
        var input = EntryInputReference.TryParse(inputText, out _) ?? new EntryInputReference(null, inputText);
        if (input.Namespace is null)
        {
            return from is null ? input : new EntryInputReference(from, input.Path);
        }

        ReadMap();
        return input.Namespace == selfName ? new EntryInputReference(null, input.Path) : input;
    }

    /// <summary>Looks <paramref name="reference"/> up in its repository's manifest.</summary>
    public LineageNode Resolve(EntryInputReference reference)
    {
        var (manifest, problem) = reference.Namespace is null ? (startManifest, null) : Namespace(reference.Namespace);
        if (manifest is null)
        {
            return new LineageNode(reference, LineageNodeStatus.Unresolved, null, problem);
        }

        return manifest.TryGet(reference.Path, out var entry)
            ? new LineageNode(reference, LineageNodeStatus.Entry, entry, null)
            : new LineageNode(reference, LineageNodeStatus.Missing, null, null);
    }

    /// <summary>
    /// The entries of the starting repository and of every readable namespace that list <paramref name="reference"/> as
    /// an input, in repository then path order. Built on first use in one pass over every readable manifest.
    /// </summary>
    public IReadOnlyList<EntryInputReference> DependentsOf(EntryInputReference reference)
    {
        if (dependents is null)
        {
            dependents = [];
            Index(null, startManifest);
            ReadMap();
            foreach (var name in map?.Names ?? [])
            {
                if (name != selfName && Namespace(name).Manifest is { } manifest)
                {
                    Index(name, manifest);
                }
            }
        }

        return dependents.TryGetValue(reference, out var list) ? list : [];
    }

    private void Index(string? ns, DataManifest manifest)
    {
        foreach (var entry in manifest.Entries)
        {
            var product = new EntryInputReference(ns, entry.Path);

            // Two spellings of one input (path and self:path) are one edge.
            foreach (var input in entry.Inputs.Select(t => Canonical(ns, t)).Distinct())
            {
                if (!dependents!.TryGetValue(input, out var list))
                {
                    dependents[input] = list = [];
                }

                list.Add(product);
            }
        }
    }

    private (DataManifest? Manifest, string? Problem) Namespace(string name)
    {
        if (namespaces.TryGetValue(name, out var known))
        {
            return known;
        }

        ReadMap();
        (DataManifest?, string?) result;
        if (map is null)
        {
            result = (null, mapProblem ?? $"there is no {ExportMap.FileName} above {start.Root}");
        }
        else if (!map.Names.Contains(name, StringComparer.Ordinal))
        {
            result = (null, $"{map.File} does not declare namespace '{name}'");
        }
        else
        {
            try
            {
                result = (map.Open(name).LoadManifest(), null);
            }
            catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled)
            {
                result = (null, $"{ex.Code}: {ex.Message}");
            }
        }

        namespaces[name] = result;
        if (result.Item2 is { } problem)
        {
            problems[name] = problem;
        }

        return result;
    }

    private void ReadMap()
    {
        if (mapRead)
        {
            return;
        }

        mapRead = true;
        try
        {
            map = ExportMap.Find(start.Root);
            selfName = map?.NameOf(start.Root);
        }
        catch (DataTasksException ex)
        {
            // An invalid export.json leaves every namespaced input unresolved; the local lineage still shows.
            mapProblem = $"{ex.Code}: {ex.Message}";
        }
    }
}
