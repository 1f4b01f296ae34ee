using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Operations;

/// <summary>
/// push --repair: replaces the remote objects of the named entries with their local files, whatever the remote holds
/// under those keys now (a corrupt or truncated object that an ordinary push trusts because it exists). Each local file
/// is hashed first and used only when it has exactly its entry's key and size; the remote checks the bytes it stored.
/// </summary>
public static class RepairOperation
{
    /// <summary>Repairs the objects of the entries in <paramref name="scope"/>; one result per entry, in path order.</summary>
    public static async Task<TransferReport> RunAsync(DataRepository repository, DataRemote remote, PathScope scope, TransferOptions options, CancellationToken cancellationToken)
    {
        var entries = repository.LoadManifest().Entries.Where(e => scope.Contains(e.Path)).ToList();
        var items = new List<TransferItem>();
        var sources = new Dictionary<string, (ManifestEntry Entry, string File)>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.StorageKey is null)
            {
                items.Add(new TransferItem(e.Path, TransferOutcome.Failed, e.Size, null,
                    new DataTasksException(ErrorCodes.PathNotFound, $"{e.Path} was never pushed, so there is no remote object to repair; run 'dotnet data push {e.Path}'")));
                continue;
            }

            if (sources.ContainsKey(e.StorageKey))
            {
                continue;
            }

            var file = repository.FullPathOf(e.Path);
            string? problem = null;
            try
            {
                var (key, stat) = ContentHasher.HashStable(file, cancellationToken);
                if (key != e.StorageKey || stat.Size != e.Size)
                {
                    problem = $"{e.Path} does not match its entry (content {key[..8]}…, {stat.Size} bytes; {DataManifest.FileName} has {e.StorageKey[..8]}…, {e.Size} bytes), so it cannot repair the remote; repair from a clone whose file verifies";
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                problem = $"{e.Path} is not on disk, so it cannot repair the remote; repair from a clone that has the file";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                items.Add(new TransferItem(e.Path, TransferOutcome.Failed, e.Size, e.StorageKey, new DataTasksException(ErrorCodes.IoError, $"cannot read {file}: {ex.Message}", ex)));
                continue;
            }

            if (problem is not null)
            {
                items.Add(new TransferItem(e.Path, TransferOutcome.Failed, e.Size, e.StorageKey, new DataTasksException(ErrorCodes.VerifyMismatch, problem)));
                continue;
            }

            sources[e.StorageKey] = (e, file);
        }

        options.OnPlan?.Invoke(sources.Count, sources.Values.Sum(s => s.Entry.Size));
        foreach (var (key, (entry, file)) in sources)
        {
            TransferItem item;
            try
            {
                await remote.ReplaceAsync(key, file, options.OnBytes, cancellationToken).ConfigureAwait(false);
                item = new TransferItem(entry.Path, TransferOutcome.Uploaded, entry.Size, key);
            }
            catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled)
            {
                item = new TransferItem(entry.Path, TransferOutcome.Failed, entry.Size, key, ex);
            }

            items.Add(item);
            options.OnItem?.Invoke(item);
        }

        return PushOperation.Finish(items, []);
    }
}
