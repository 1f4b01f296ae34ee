using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>describe: the entries of a repository with their description, tags, inputs, dependents and metadata.</summary>
public static class DescribeOperation
{
    /// <summary>The default number of metadata fields shown per entry.</summary>
    public const int DefaultMaxFields = 5;

    /// <summary>
    /// Describes the entries <paramref name="paths"/> name (all when empty; DT1104 for a path naming none) that carry
    /// every tag of <paramref name="tags"/>, showing at most <paramref name="maxFields"/> metadata fields each.
    /// </summary>
    public static DescribeReport Run(DataManifest manifest, IReadOnlyList<string> paths, IReadOnlyList<string> tags, int maxFields, CancellationToken cancellationToken)
    {
        var selected = paths.Count == 0 ? null : AnnotateOperation.Resolve(manifest, paths);
        var dependents = new EntryDependents(manifest);
        var folders = new SortedDictionary<string, List<DescribedEntry>>(StringComparer.Ordinal);
        var tagCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int count = 0, notPushed = 0, described = 0;
        long bytes = 0;
        foreach (var entry in manifest.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((selected is not null && !selected.Contains(entry.Path)) || !HasTags(entry, tags))
            {
                continue;
            }

            count++;
            bytes += entry.Size;
            notPushed += entry.StorageKey is null ? 1 : 0;
            described += entry.Description is null ? 0 : 1;
            foreach (var tag in entry.Tags)
            {
                tagCounts[tag] = tagCounts.GetValueOrDefault(tag) + 1;
            }

            var shown = entry.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).Take(maxFields).ToList();
            var slash = entry.Path.LastIndexOf('/');
            var folder = slash < 0 ? "" : entry.Path[..slash];
            if (!folders.TryGetValue(folder, out var list))
            {
                folders[folder] = list = [];
            }

            list.Add(new DescribedEntry(entry, dependents.Of(entry.Path), shown, entry.Metadata.Count - shown.Count));
        }

        return new DescribeReport([.. folders.Select(f => new DescribedFolder(f.Key, f.Value))], count, bytes, notPushed, described, tagCounts);
    }

    /// <summary>True when <paramref name="entry"/> carries every tag of <paramref name="tags"/>.</summary>
    public static bool HasTags(ManifestEntry entry, IReadOnlyList<string> tags) => EntryLabelFilter.HasTags(entry, tags);
}
