using DataTasks.Core.Hashing;

namespace DataTasks.Core.Operations;

/// <summary>The result of verifying one entry.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="Ok">True when the file on disk matches the manifest (or what was added, for entries not pushed).</param>
/// <param name="Present">False when the file is not on disk (verify reports it as a problem; pull restores it).</param>
/// <param name="ExpectedKey">The key it should have.</param>
/// <param name="ActualKey">The key it has, when present.</param>
/// <param name="Size">Its size on disk (the manifest's when not on disk).</param>
/// <param name="ExpectedSize">The size artifacts.json records.</param>
public sealed record VerifyItem(string Path, bool Ok, bool Present, string? ExpectedKey, string? ActualKey, long Size, long ExpectedSize = -1);

/// <summary>verify: re-hashes every local file in scope, ignoring the stat cache, and compares it with the manifest. Like git fsck.</summary>
public static class VerifyOperation
{
    /// <summary>Runs verify; the stat cache is refreshed with what was hashed.</summary>
    public static IReadOnlyList<VerifyItem> Run(DataRepository repository, PathScope scope, CancellationToken cancellationToken)
    {
        var manifest = repository.LoadManifest();
        var tree = new WorkingTree(repository);
        var added = AddedState.Load(Path.Join(repository.StateDirectory, "added.json"));
        var entries = manifest.Entries.Where(e => scope.Contains(e.Path)).ToList();
        var keys = tree.GetKeys(entries.Select(e => e.Path).ToList(), trustCache: false, cancellationToken);
        var result = new List<VerifyItem>(entries.Count);
        foreach (var e in entries)
        {
            var expected = e.StorageKey ?? (added.TryGet(e.Path, out var rec) ? rec.Key : null);
            var disk = keys[e.Path];
            if (disk is null)
            {
                result.Add(new VerifyItem(e.Path, true, false, expected, null, e.Size, e.Size));
                continue;
            }

            // The key names the content; a size field that disagrees with it is corrupt too.
            var ok = (expected is null || expected == disk.Key) && e.Size == disk.Size;
            result.Add(new VerifyItem(e.Path, ok, true, expected, disk.Key, disk.Size, e.Size));
        }

        tree.Save();
        return result;
    }
}
