using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Tasks;

/// <summary>
/// Tells a stale copy from local work. Pull never overwrites a file that differs from the manifest, which is right for
/// an edit but wrong after a checkout brought a new key for an entry: the old file then differs too. A file whose
/// content is an object the machine cache holds is such an old version, fetched and verified earlier, and can always
/// be restored from the cache; a file whose content is nowhere else is the user's work and stays untouched.
/// </summary>
internal static class StaleCopies
{
    /// <summary>Deletes the stale copies among the skipped-as-modified items of <paramref name="report"/>; returns their paths.</summary>
    public static HashSet<string> Remove(DataRepository repository, MachineCache cache, TransferReport report)
    {
        var modified = report.Items.Where(i => i.Outcome == TransferOutcome.SkippedModified).Select(i => i.Path).ToList();
        var stale = new HashSet<string>(StringComparer.Ordinal);
        if (modified.Count == 0)
        {
            return stale;
        }

        // Pull just hashed these and recorded them in the stat cache, so this reads no content.
        var tree = new WorkingTree(repository);
        foreach (var (path, disk) in tree.GetKeys(modified, trustCache: true, CancellationToken.None))
        {
            if (disk is not null && cache.Contains(disk.Key, disk.Size))
            {
                File.Delete(repository.FullPathOf(path));
                stale.Add(path);
            }
        }

        tree.Save();
        return stale;
    }
}
