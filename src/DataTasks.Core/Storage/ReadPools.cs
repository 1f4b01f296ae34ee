using System.Text.Json.Nodes;
using DataTasks.Core.Config;

namespace DataTasks.Core.Storage;

/// <summary>
/// The read pools of the configuration ladder (<c>"pools"</c>, <c>DATATASKS_POOLS</c>), probed after the machine cache
/// and before the remote. A pool object is copied into the machine cache through the cache's own verified write (its
/// hash is checked on the way in, so a corrupt one never becomes visible), and the tree is then linked or copied from
/// the cache by the link modes as for any cached object: the cache, not the pool, is what a hard link or symbolic link
/// shares, so a pool that is unmounted, rewritten or on another file system never breaks a tree. A pool is never
/// written: a corrupt object is skipped with DT1011 and left where it is; a missing or unreadable pool is DT1010 and
/// the pull goes on with the next pool and the remote.
/// </summary>
public sealed class ReadPools
{
    private readonly Lazy<IReadOnlyList<ReadPool>> pools;
    private readonly object gate = new();
    private IReadOnlyList<ReadPool>? usable;

    /// <summary>Pools from a list already resolved.</summary>
    /// <param name="pools">The pools, in the order they are probed.</param>
    public ReadPools(IReadOnlyList<ReadPool> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        this.pools = new Lazy<IReadOnlyList<ReadPool>>(pools);
    }

    private ReadPools(Func<IReadOnlyList<ReadPool>> resolve)
    {
        pools = new Lazy<IReadOnlyList<ReadPool>>(resolve);
    }

    /// <summary>No pools: every miss of the machine cache goes to the remote.</summary>
    public static ReadPools None { get; } = new(Array.Empty<ReadPool>());

    /// <summary>
    /// The pools <paramref name="config"/> names, read when first needed (so a command that fetches nothing never
    /// reads them): a JSON array of paths, or one string of paths separated by <see cref="Path.PathSeparator"/> (':' on
    /// Unix, ';' on Windows), as <c>DATATASKS_POOLS</c> gives them. Symbols expand in each path; a relative path is
    /// relative to the repository root (repository files), the user file's folder, or the working directory (a variable).
    /// </summary>
    public static ReadPools From(ResolvedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ReadPools(() => Parse(config));
    }

    /// <summary>Like <see cref="From(ResolvedConfig)"/>, resolving the ladder only when the pools are first needed.</summary>
    /// <param name="resolve">Resolves the configuration.</param>
    public static ReadPools From(Func<ResolvedConfig> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return new ReadPools(() => Parse(resolve()));
    }

    /// <summary>The pools, in probe order; DT1012 when the setting is not a list of paths.</summary>
    public IReadOnlyList<ReadPool> All => pools.Value;

    /// <summary>
    /// True when some readable pool has a file at one of <paramref name="key"/>'s paths (unverified: a copy still
    /// checks it). Lets an offline front tell "a pool may serve this" from "only the remote could".
    /// </summary>
    public bool MayHold(string key) => All.Count > 0 && Usable(_ => { }).Any(p => p.Candidates(key).Any(c => FileStat.TryGet(c) is not null));

    /// <summary>
    /// Copies each object of <paramref name="wanted"/> that <paramref name="cache"/> lacks from the first pool holding
    /// an intact copy into the cache. Returns how many came from a pool; the rest are left for the remote.
    /// </summary>
    /// <param name="cache">The machine cache to fill.</param>
    /// <param name="wanted">The objects, each key once, with the size the manifest records.</param>
    /// <param name="jobs">How many objects are copied at once.</param>
    /// <param name="progress">Told of every byte copied.</param>
    /// <param name="warn">Told of each pool warning (DT1010, DT1011, DT1013) and of corrupt cache objects (DT0301).</param>
    /// <param name="cancellationToken">Stops the copies.</param>
    public async Task<int> FillAsync(MachineCache cache, IReadOnlyCollection<(string Key, long Size)> wanted, int jobs, Action<long>? progress, Action<DataTasksException> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(warn);
        if (All.Count == 0 || wanted.Count == 0)
        {
            return 0;
        }

        void Corrupt(string message) => warn(new DataTasksException(ErrorCodes.ObjectCorrupt, message));
        var missing = wanted.Where(w => !cache.Contains(w.Key, w.Size, Corrupt)).ToList();
        if (missing.Count == 0 || Usable(warn).Count == 0)
        {
            return 0;
        }

        var served = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(missing, options, async (item, ct) =>
        {
            if (await TryCopyAsync(item.Key, (fetch, t) => cache.EnsureAsync(item.Key, item.Size, fetch, progress, Corrupt, t), warn, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref served);
            }
        }).ConfigureAwait(false);
        return served;
    }

    /// <summary>
    /// Offers the first pool copy of <paramref name="key"/> to <paramref name="write"/>, which streams it through a
    /// verified write (the machine cache's, or pull's straight into the tree) and throws DT0301 when the content does
    /// not hash to the key: that copy is then skipped with DT1011, left in the pool, and the next one is tried. True
    /// when a copy was written; false when no pool had an intact one.
    /// </summary>
    public async Task<bool> TryCopyAsync(string key, Func<Func<Stream, CancellationToken, Task>, CancellationToken, Task> write, Action<DataTasksException> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(warn);
        foreach (var pool in Usable(warn))
        {
            foreach (var candidate in pool.Candidates(key))
            {
                if (FileStat.TryGet(candidate) is null)
                {
                    continue;
                }

                FileStream source;
                try
                {
                    source = new FileStream(candidate, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    warn(new DataTasksException(ErrorCodes.PoolObjectUnreadable, $"pool object {candidate} cannot be read ({ex.Message}); skipped"));
                    continue;
                }

                await using (source.ConfigureAwait(false))
                {
                    try
                    {
                        await write((destination, ct) => source.CopyToAsync(destination, ct), cancellationToken).ConfigureAwait(false);
                        return true;
                    }
                    catch (DataTasksException ex) when (ex.Code == ErrorCodes.ObjectCorrupt)
                    {
                        warn(new DataTasksException(ErrorCodes.PoolObjectCorrupt,
                            $"pool object {candidate} is corrupt (its content does not hash to {key[..8]}…); skipped and left in pool {pool.Directory}; ask whoever keeps the pool to replace it"));
                    }
                    catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled)
                    {
                        warn(new DataTasksException(ErrorCodes.PoolObjectUnreadable, $"pool object {candidate} could not be copied ({ex.Message}); skipped"));
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The pools that can be read, probed once; each one that cannot is warned about (DT1010) once.</summary>
    private IReadOnlyList<ReadPool> Usable(Action<DataTasksException> warn)
    {
        lock (gate)
        {
            if (usable is not null)
            {
                return usable;
            }

            var ok = new List<ReadPool>();
            foreach (var pool in All)
            {
                if (pool.Problem() is { } problem)
                {
                    warn(new DataTasksException(ErrorCodes.PoolUnavailable, $"pool {pool.Directory} ({pool.Origin}) {problem}; it is skipped"));
                }
                else
                {
                    ok.Add(pool);
                }
            }

            return usable = ok;
        }
    }

    private static List<ReadPool> Parse(ResolvedConfig config)
    {
        if (config.Find(ConfigKeys.Pools) is not { } value || value.Value is null)
        {
            // An object is flattened into leaves (pools.x) by the ladder: not a list either.
            return config.Values.FirstOrDefault(v => v.Key.StartsWith(ConfigKeys.Pools + ".", StringComparison.Ordinal)) is { } leaf
                ? throw NotPaths(leaf with { Key = ConfigKeys.Pools })
                : [];
        }

        var texts = value.Value switch
        {
            JsonArray array => array.Select(node => node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : throw NotPaths(value)).ToList(),
            JsonValue v when v.TryGetValue<string>(out var joined) => joined.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            _ => throw NotPaths(value),
        };

        return texts
            .Select(text => new ReadPool(config.AbsolutePath(config.Symbols.Expand(text, value.Key, value.Origin), value.Origin), value.Origin.ToString()))
            .DistinctBy(p => p.Directory, OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            .ToList();
    }

    private static DataTasksException NotPaths(ConfigValue value) => new(ErrorCodes.PoolsInvalid,
        $"{value.Origin}: \"{ConfigKeys.Pools}\" must be a list of folder paths, such as [\"/mnt/team/datatasks-cache\", \"$repo/../datasets\"] (or, in {ConfigKeys.VariablePrefix}POOLS, paths separated by '{Path.PathSeparator}')");
}
