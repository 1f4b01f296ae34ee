using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Patterns;

namespace DataTasks.Core.Operations;

/// <summary>One entry find matched.</summary>
/// <param name="Namespace">The namespace of export.json it belongs to, or null for this repository.</param>
/// <param name="Entry">The entry.</param>
public sealed record FoundEntry(string? Namespace, ManifestEntry Entry)
{
    /// <summary>How an input would name it: the path, or <c>namespace:path</c>.</summary>
    public string Reference => new EntryInputReference(Namespace, Entry.Path).ToString();
}

/// <summary>What find looks for: every given criterion must hold.</summary>
public sealed record FindQuery
{
    /// <summary>A glob over entry paths when it has a wildcard, otherwise text the path (or, with <see cref="InDescription"/>, the description) contains, ignoring case; null matches all.</summary>
    public string? Text { get; init; }

    /// <summary>Also match <see cref="Text"/> against the description.</summary>
    public bool InDescription { get; init; }

    /// <summary>Tags an entry must all carry.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Metadata values an entry must have (JSON-equal).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Metadata { get; init; } = [];
}

/// <summary>find: searches the entries of this repository and of the namespaces of export.json.</summary>
public static class FindOperation
{
    /// <summary>
    /// Finds entries matching <paramref name="query"/>: in this repository when <paramref name="externs"/> is empty and
    /// <paramref name="all"/> is false; in those namespaces only with <paramref name="externs"/>; in this repository
    /// and every namespace (other than this repository itself) with <paramref name="all"/>.
    /// </summary>
    public static IReadOnlyList<FoundEntry> Run(DataRepository repository, FindQuery query, IReadOnlyList<string> externs, bool all, CancellationToken cancellationToken)
    {
        if (all && externs.Count > 0)
        {
            throw new DataTasksException(ErrorCodes.FindScopeInvalid, "find takes --extern or --all, not both; --all already searches every namespace");
        }

        var matcher = Matcher(query);
        var found = new List<FoundEntry>();
        if (externs.Count == 0)
        {
            Search(null, repository.LoadManifest(), matcher, found, cancellationToken);
        }

        if (externs.Count > 0 || all)
        {
            var map = ExportMap.FindRequired(repository.Root);
            foreach (var name in externs)
            {
                if (!map.Names.Contains(name, StringComparer.Ordinal))
                {
                    throw new DataTasksException(ErrorCodes.FindScopeInvalid, $"--extern '{EntryPath.Printable(name)}' is no namespace of {map.File}; known: {string.Join(", ", map.Names)}");
                }
            }

            var self = map.NameOf(repository.Root);
            foreach (var name in externs.Count > 0 ? externs.Distinct(StringComparer.Ordinal) : map.Names.Where(n => n != self))
            {
                Search(name, map.Open(name).LoadManifest(), matcher, found, cancellationToken);
            }
        }

        return found;
    }

    private static void Search(string? ns, DataManifest manifest, Func<ManifestEntry, bool> matcher, List<FoundEntry> into, CancellationToken cancellationToken)
    {
        foreach (var entry in manifest.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (matcher(entry))
            {
                into.Add(new FoundEntry(ns, entry));
            }
        }
    }

    private static Func<ManifestEntry, bool> Matcher(FindQuery query)
    {
        Func<ManifestEntry, bool> text = _ => true;
        if (!string.IsNullOrEmpty(query.Text))
        {
            var needle = query.Text;
            if (EntryGlob.HasWildcard(needle))
            {
                var glob = EntryGlob.Parse(needle);
                text = e => glob.IsMatch(e.Path) || (query.InDescription && e.Description is { } d && d.Contains(needle, StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                text = e => e.Path.Contains(needle, StringComparison.OrdinalIgnoreCase) ||
                            (query.InDescription && e.Description is { } d && d.Contains(needle, StringComparison.OrdinalIgnoreCase));
            }
        }

        var labels = new EntryLabelFilter(query.Tags, query.Metadata);
        return e => text(e) && labels.Matches(e);
    }
}
