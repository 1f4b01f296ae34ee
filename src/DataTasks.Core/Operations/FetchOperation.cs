using System.Collections.Concurrent;
using DataTasks.Core.Manifest;
using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Operations;

/// <summary>What fetch did.</summary>
/// <param name="Fetched">Objects downloaded into the machine cache.</param>
/// <param name="FetchedBytes">Their total size.</param>
/// <param name="AlreadyCached">Objects the cache had already.</param>
/// <param name="Failures">Each object that could not be fetched, with an entry path that names it.</param>
/// <param name="Warnings">Corrupt cache objects found (and fetched again) on the way.</param>
public sealed record FetchReport(int Fetched, long FetchedBytes, int AlreadyCached, IReadOnlyList<(string Path, DataTasksException Error)> Failures, IReadOnlyList<DataTasksException> Warnings);

/// <summary>
/// fetch: objects into the machine cache only, touching no working tree, so a branch switch, a checkout of another
/// revision or a second clone on the machine finds them there later, offline.
/// </summary>
public static class FetchOperation
{
    /// <summary>Fetches the objects of <paramref name="entries"/> (each key once) that the cache lacks.</summary>
    public static async Task<FetchReport> RunAsync(IEnumerable<ManifestEntry> entries, Func<DataRemote> openRemote, MachineCache cache, int jobs, Action<long>? onBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(openRemote);
        ArgumentNullException.ThrowIfNull(cache);
        var warnings = new ConcurrentBag<DataTasksException>();
        void Corrupt(string message) => warnings.Add(new DataTasksException(ErrorCodes.ObjectCorrupt, message));
        var byKey = entries.Where(e => e.StorageKey is not null)
            .GroupBy(e => e.StorageKey!, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        // Read pools first: a hit enters the cache, so it is counted as already cached (it came from no remote).
        await cache.Pools.FillAsync(cache, byKey.Select(e => (e.StorageKey!, e.Size)).ToList(), jobs, onBytes, warnings.Add, cancellationToken).ConfigureAwait(false);
        var missing = byKey.Where(e => !cache.Contains(e.StorageKey!, e.Size, Corrupt)).ToList();
        var failures = new ConcurrentBag<(string, DataTasksException)>();
        var fetched = 0;
        long bytes = 0;
        if (missing.Count > 0)
        {
            await using var remote = openRemote();
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(jobs, remote.MaxConcurrency)), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(missing, options, async (entry, ct) =>
            {
                var key = entry.StorageKey!;
                try
                {
                    if (await cache.EnsureAsync(key, entry.Size, (stream, token) => remote.DownloadAsync(key, stream, token), onBytes, Corrupt, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref fetched);
                        Interlocked.Add(ref bytes, entry.Size);
                    }
                }
                catch (DataTasksException ex)
                {
                    failures.Add((entry.Path, ex));
                }
            }).ConfigureAwait(false);
        }

        return new FetchReport(fetched, bytes, byKey.Count - missing.Count, [.. failures.OrderBy(f => f.Item1, StringComparer.Ordinal)], [.. warnings]);
    }
}
