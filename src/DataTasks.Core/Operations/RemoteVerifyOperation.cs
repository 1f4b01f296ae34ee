using System.Collections.Concurrent;
using DataTasks.Core.Hashing;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Operations;

/// <summary>What verify --remote found for one object.</summary>
public enum RemoteObjectState
{
    /// <summary>Downloaded, and its content hashes to its key.</summary>
    Intact,

    /// <summary>Its content does not hash to its key (flipped bytes, truncated).</summary>
    Corrupt,

    /// <summary>Not on the remote.</summary>
    Missing,

    /// <summary>It could not be read (the error says why).</summary>
    Unreadable,
}

/// <summary>One referenced remote object and what verify --remote found.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Paths">The entries in scope that reference it, in path order.</param>
/// <param name="State">What was found.</param>
/// <param name="ActualKey">The hash of what was downloaded (Intact, Corrupt).</param>
/// <param name="Length">The bytes downloaded.</param>
/// <param name="Error">The failure, for Missing and Unreadable.</param>
public sealed record RemoteObjectCheck(string Key, IReadOnlyList<string> Paths, RemoteObjectState State, string? ActualKey, long Length, DataTasksException? Error);

/// <summary>
/// verify --remote: downloads every object the entries in scope reference and hashes it as it streams (nothing is
/// written to disk), so corrupt, truncated and missing remote objects are found before anyone pulls them.
/// </summary>
public static class RemoteVerifyOperation
{
    /// <summary>Checks each distinct key once; results in key order.</summary>
    public static async Task<IReadOnlyList<RemoteObjectCheck>> RunAsync(DataRepository repository, DataRemote remote, PathScope scope, int jobs, CancellationToken cancellationToken)
    {
        var byKey = repository.LoadManifest().Entries
            .Where(e => e.StorageKey is not null && scope.Contains(e.Path))
            .GroupBy(e => e.StorageKey!, StringComparer.Ordinal)
            .ToList();
        var results = new ConcurrentBag<RemoteObjectCheck>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(jobs, remote.MaxConcurrency)), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byKey, parallel, async (group, ct) =>
        {
            var paths = group.Select(e => e.Path).Order(StringComparer.Ordinal).ToList();
            using var hashing = new HashingStream(Stream.Null);
            try
            {
                await remote.DownloadAsync(group.Key, hashing, ct).ConfigureAwait(false);
            }
            catch (DataTasksException ex) when (ex.Code == ErrorCodes.RemoteObjectMissing)
            {
                results.Add(new RemoteObjectCheck(group.Key, paths, RemoteObjectState.Missing, null, hashing.BytesWritten, ex));
                return;
            }
            catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled && !ex.IsUsageError)
            {
                results.Add(new RemoteObjectCheck(group.Key, paths, RemoteObjectState.Unreadable, null, hashing.BytesWritten, ex));
                return;
            }

            var actual = hashing.FinishKey();
            results.Add(new RemoteObjectCheck(group.Key, paths, actual == group.Key ? RemoteObjectState.Intact : RemoteObjectState.Corrupt, actual, hashing.BytesWritten, null));
        }).ConfigureAwait(false);

        return results.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }
}
