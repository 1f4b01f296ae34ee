namespace DataTasks.Core.Remotes;

/// <summary>
/// A store of content-addressed objects: each object lives under exactly its storage key. Implementations
/// (a folder, an S3 bucket) must be safe for concurrent use by many tasks and processes; every write must be atomic
/// so a reader never sees a partial object under a key.
/// </summary>
public abstract class DataRemote : IAsyncDisposable
{
    /// <summary>The remote as users configured it, with no secret in it; used in messages.</summary>
    public abstract string DisplayName { get; }

    /// <summary>How many transfers this remote handles well at once (a per-remote cap on --jobs).</summary>
    public virtual int MaxConcurrency => 8;

    /// <summary>True when the object exists.</summary>
    public abstract Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The subset of <paramref name="keys"/> the remote already has. The default asks per key with bounded concurrency;
    /// remotes with a cheaper bulk listing override it.
    /// </summary>
    public virtual async Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            if (await ExistsAsync(key, ct).ConfigureAwait(false))
            {
                lock (found)
                {
                    found.Add(key);
                }
            }
        }).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Uploads <paramref name="sourceFile"/> as the object <paramref name="key"/>. The remote verifies what it stored
    /// has that key (a file edited since it was hashed is refused with DT0304), and is atomic.
    /// </summary>
    public abstract Task UploadAsync(string key, string sourceFile, Action<long>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="UploadAsync"/>, but replaces an object already stored under <paramref name="key"/> (push --repair,
    /// for an object that is corrupt or truncated on the remote). The default is <see cref="UploadAsync"/>, right for
    /// stores whose upload overwrites (S3's PUT); remotes that skip existing objects override it.
    /// </summary>
    public virtual Task ReplaceAsync(string key, string sourceFile, Action<long>? progress, CancellationToken cancellationToken) =>
        UploadAsync(key, sourceFile, progress, cancellationToken);

    /// <summary>
    /// Temp files that interrupted uploads left on the remote (never valid objects), for gc to list and sweep. The
    /// default is none: stores whose uploads are atomic leave nothing visible.
    /// </summary>
#pragma warning disable CS1998 // An iterator with no await: the default yields nothing.
    public virtual async IAsyncEnumerable<RemoteObject> ListLeftoversAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield break;
    }
#pragma warning restore CS1998

    /// <summary>Deletes leftovers named by <see cref="ListLeftoversAsync"/>; ones already gone are not an error.</summary>
    public virtual Task DeleteLeftoversAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Streams the object into <paramref name="destination"/> sequentially. The caller verifies the content; DT0205 when
    /// the object does not exist.
    /// </summary>
    public abstract Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an object the remote already has as written now. push calls it for an object it relies on but did not
    /// upload: the object may be an old orphan, and gc's grace period (by write date) must protect it until the manifest
    /// that names it is committed. The default does nothing, for remotes whose listing has no dates.
    /// </summary>
    public virtual Task RefreshAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every object the remote holds.</summary>
    public abstract IAsyncEnumerable<RemoteObject> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes objects; missing ones are not an error.</summary>
    public abstract Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>An object on a remote.</summary>
/// <param name="Key">Its storage key.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastModified">When it was written, UTC.</param>
public sealed record RemoteObject(string Key, long Size, DateTimeOffset LastModified);
