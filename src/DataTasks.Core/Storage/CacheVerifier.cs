using DataTasks.Core.Manifest;

namespace DataTasks.Core.Storage;

/// <summary>A cached object that no longer matched its key and was moved to quarantine.</summary>
/// <param name="Key">Its key.</param>
/// <param name="QuarantinedTo">Where it went.</param>
public sealed record CorruptCacheObject(string Key, string QuarantinedTo);

/// <summary>
/// Re-hashes machine-cache objects whatever their stamps say (verify; gc --cache --verify) and quarantines the ones that
/// rotted, so no front can copy them again; pull fetches them anew when they are needed.
/// </summary>
public static class CacheVerifier
{
    /// <summary>Checks the cached objects among <paramref name="keys"/> (absent ones are skipped); returns the corrupt ones.</summary>
    public static IReadOnlyList<CorruptCacheObject> Verify(MachineCache cache, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var corrupt = new List<CorruptCacheObject>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!cache.Check(key, out var quarantinedTo, cancellationToken))
            {
                corrupt.Add(new CorruptCacheObject(key, quarantinedTo!));
            }
        }

        return corrupt;
    }

    /// <summary>The keys of every object in the cache.</summary>
    public static IReadOnlyList<string> AllKeys(MachineCache cache)
    {
        var objects = Path.Join(cache.Directory, "objects");
        if (!Directory.Exists(objects))
        {
            return [];
        }

        return Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(name => name is not null && ContentKey.IsValid(name))
            .Select(name => name!)
            .ToList();
    }
}
