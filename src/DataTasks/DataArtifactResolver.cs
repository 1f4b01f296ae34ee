using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using DataTasks.Core;
using DataTasks.Core.Config;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks;

/// <summary>
/// Resolves manifest paths to files on disk: a copy next to the app first, then the entry in artifacts.json (of this
/// repository or of an export.json namespace), hydrating a missing file through the machine cache from the remote.
/// Never writes a manifest. Safe for concurrent use: threads resolving the same missing file share one download, and
/// processes share it through the machine cache's per-object lock. A file already verified, whose stat is unchanged,
/// resolves with three stat calls (the absent copy next to the app, the manifest, the file) and no hashing.
/// </summary>
public sealed class DataArtifactResolver
{
    private readonly ConcurrentDictionary<string, (FileStat Stat, DataManifest Manifest)> manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (FileStat Stat, string Key)> verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> hydrating = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WorkingTree> trees = new(StringComparer.Ordinal);
    private long lastSave;
    private readonly Lazy<DataRepository?> home;

    /// <summary>Creates a resolver with <paramref name="options"/> (defaults when null).</summary>
    public DataArtifactResolver(DataArtifactResolverOptions? options = null)
    {
        Options = options ?? new DataArtifactResolverOptions();
        home = new Lazy<DataRepository?>(LocateRepository);
    }

    /// <summary>The options in effect.</summary>
    public DataArtifactResolverOptions Options { get; }

    /// <summary>
    /// Raised after a missing file was hydrated: <see cref="DataArtifactHydratedEventArgs.FromRemote"/> tells a download
    /// from a copy out of the machine cache (for logging which artifacts an app had to fetch).
    /// </summary>
    public event EventHandler<DataArtifactHydratedEventArgs>? Hydrated;

    /// <summary>
    /// The repository root this resolver uses for paths without a namespace: the folder holding artifacts.json.
    /// <see cref="DataArtifactNotFoundException"/> when none can be found.
    /// </summary>
    public string FindRoot() => (home.Value ?? throw NoRepository(string.Empty)).Root;

    /// <summary>Resolves <paramref name="path"/> (a manifest path such as <c>data/models/a.onnx</c>), in namespace <paramref name="namespaceName"/> when given.</summary>
    public async Task<string> ResolveAsync(string path, string? namespaceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entryPath = path.Replace('\\', '/');
        if (EntryPath.Validate(entryPath) is { } problem)
        {
            throw new ArgumentException($"'{path}' is not a manifest path: {problem}", nameof(path));
        }

        // A copy the build placed next to the app wins: a published app has no repository around it. The SDK copies the
        // project's own entries to their manifest paths and a namespace's to extern/<namespace>/<manifest path>.
        if (AppCopyPath(entryPath, namespaceName) is { } appCopy && File.Exists(appCopy))
        {
            RunInputRecording.Record(namespaceName, entryPath);
            return appCopy;
        }

        var repository = Repository(namespaceName, entryPath);
        var manifest = Manifest(repository, entryPath);
        if (!manifest.TryGet(entryPath, out var entry))
        {
            throw new DataArtifactNotFoundException(entryPath, ErrorCodes.ArtifactNotInManifest, repository.ManifestFile, $"'{entryPath}' is not in {repository.ManifestFile}", null);
        }

        var full = repository.FullPathOf(entryPath);
        if (entry.StorageKey is { } key && verified.TryGetValue(full, out var known) && known.Key == key && FileStat.TryGet(full) == known.Stat)
        {
            RunInputRecording.Record(namespaceName, entryPath);
            return full;
        }

        try
        {
            var resolved = await ResolveEntryAsync(repository, entry, full, cancellationToken).ConfigureAwait(false);
            RunInputRecording.Record(namespaceName, entryPath);
            return resolved;
        }
        catch (DataTasksException ex)
        {
            throw DataArtifactUnavailableException.From(entryPath, ex);
        }
    }

    /// <summary>
    /// Begins a run named <paramref name="name"/> in this resolver's repository (see <see cref="DataArtifactRun"/>).
    /// Resolves through any resolver are recorded while the run is current.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or holds a control character.</exception>
    /// <exception cref="DataArtifactNotFoundException">There is no repository to record in (DT0806).</exception>
    public DataArtifactRun BeginRun(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            Core.Runs.RunInfo.EnsureValidName(name);
        }
        catch (DataTasksException ex)
        {
            throw new ArgumentException(ex.Message, nameof(name), ex);
        }

        var repository = home.Value ?? throw new DataArtifactNotFoundException(string.Empty, ErrorCodes.NoManifestToResolveIn, null,
            $"no repository to record run '{name}' in: the app ({Options.AppDirectory ?? AppContext.BaseDirectory}) is in no folder under an artifacts.json; set {DataArtifactResolverOptions.RepositoryVariable} (or DataArtifactResolverOptions.RepositoryRoot) to the repository", null);
        return new DataArtifactRun(repository, Cache(repository), name);
    }

    /// <summary>Expands <paramref name="template"/> (<c>data/{model}/{version}/model.pt</c>) with <paramref name="values"/>, then resolves it.</summary>
    public Task<string> ResolveAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string template, string? namespaceName, T values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return ResolveAsync(PathTemplate.Expand(template, PathTemplate.ValuesOf(values)), namespaceName, cancellationToken);
    }

    private async Task<string> ResolveEntryAsync(DataRepository repository, ManifestEntry entry, string full, CancellationToken cancellationToken)
    {
        // One stat cache per repository for the resolver's lifetime (loaded once, not per file); the lock keeps its
        // readers and writers apart, and is taken only on a file's first resolve, never on the fast path.
        var tree = trees.GetOrAdd(repository.Root, _ => new WorkingTree(repository));
        HashedFile? disk;
        lock (tree)
        {
            disk = tree.GetKeys([entry.Path], trustCache: true, cancellationToken)[entry.Path];
            SaveSoon(tree);
        }

        if (disk is not null)
        {

            // Added but never pushed: the file is the author's own and the only copy there is.
            if (entry.StorageKey is null || disk.Key == entry.StorageKey)
            {
                Remember(full, disk.Key);
                return full;
            }

            throw new DataTasksException(ErrorCodes.LocalFileDiffers,
                $"{full} differs from its entry in {repository.ManifestFile} (key {disk.Key[..8]}… on disk, {entry.StorageKey[..8]}… in the manifest); it is never overwritten: 'dotnet data add' it, or delete it to get the pinned version");
        }

        if (entry.StorageKey is null)
        {
            throw new DataArtifactNotFoundException(entry.Path, ErrorCodes.ArtifactNeverPushed, repository.ManifestFile,
                $"'{entry.Path}' in {repository.ManifestFile} has no storage key (added but never pushed) and is not on disk", null);
        }

        // Offline, the machine cache or a read pool may still have it; asked first so a miss leaves no trace there.
        var cache = Cache(repository);
        if (Options.Offline && !cache.Contains(entry.StorageKey, entry.Size) && !cache.Pools.MayHold(entry.StorageKey))
        {
            throw OfflineSwitch.RemoteNeeded(OfflineSwitch.VariableSpelling, cache.Directory);
        }

        // Threads asking for the same file share one hydration; other processes wait on the machine cache's lock. The
        // hydration runs under its starter's token: when that caller gives up, the others start their own.
        while (true)
        {
            var work = hydrating.GetOrAdd(full, _ => new Lazy<Task>(() => HydrateAsync(repository, entry, cancellationToken)));
            try
            {
                await work.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                continue;
            }
            finally
            {
                hydrating.TryRemove(new KeyValuePair<string, Lazy<Task>>(full, work));
            }
        }

        Remember(full, entry.StorageKey);
        return full;
    }

    private async Task HydrateAsync(DataRepository repository, ManifestEntry entry, CancellationToken cancellationToken)
    {
        var cache = Cache(repository);
        var report = await PullOperation.RunAsync(
            repository,
            Options.Offline ? OfflineSwitch.NoRemote(OfflineSwitch.VariableSpelling, cache.Directory) : () => NamespaceRemote.Open(repository),
            cache,
            PathScope.Of([entry.Path]),
            new TransferOptions { Jobs = 1 },
            cancellationToken).ConfigureAwait(false);
        var item = report.Items.FirstOrDefault(i => i.Path == entry.Path);
        if (item?.Outcome == TransferOutcome.Failed)
        {
            throw item.Error ?? new DataTasksException(ErrorCodes.TransferFailed, $"{entry.Path}: download failed");
        }

        if (item?.Outcome == TransferOutcome.SkippedModified)
        {
            throw new DataTasksException(ErrorCodes.LocalFileDiffers, $"{repository.FullPathOf(entry.Path)} appeared with different content while it was being fetched; it was not overwritten");
        }

        Hydrated?.Invoke(this, new DataArtifactHydratedEventArgs(entry.Path, repository.FullPathOf(entry.Path), entry.Size, item?.Outcome == TransferOutcome.Downloaded));
    }

    /// <summary>
    /// Writes the stat cache at most every two seconds while files are being verified, and once more when the process
    /// exits if this resolver is still alive then (<see cref="StatCachesAtExit"/>): saving after every file made an app
    /// that resolves 1,000 files rewrite the cache 1,000 times. A save that never happens only costs the next process a
    /// re-hash.
    /// </summary>
    private void SaveSoon(WorkingTree tree)
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref lastSave) >= 2000)
        {
            Interlocked.Exchange(ref lastSave, now);
            tree.Save();
            return;
        }

        if (Interlocked.Exchange(ref saveOnExitRegistered, 1) == 0)
        {
            StatCachesAtExit.Register(this);
        }
    }

    /// <summary>Writes the stat cache of every repository this resolver verified files in.</summary>
    internal void SaveStatCaches()
    {
        foreach (var tree in trees.Values)
        {
            lock (tree)
            {
                tree.Save();
            }
        }
    }

    private int saveOnExitRegistered;

    /// <summary>The option, else the configuration ladder's "cache" (the repository's files included): dotnet data's folder.</summary>
    private MachineCache Cache(DataRepository repository) => MachineCacheLocation.Open(Options.CacheDirectory, repositoryRoot: repository.Root);

    private void Remember(string full, string key)
    {
        if (FileStat.TryGet(full) is { } stat)
        {
            verified[full] = (stat, key);
        }
    }

    /// <summary>Where DataTasks.Sdk copies <paramref name="entryPath"/> next to the app; null for a name that is no namespace.</summary>
    private string? AppCopyPath(string entryPath, string? namespaceName) =>
        ExternLayout.AppCopyPath(Options.AppDirectory ?? AppContext.BaseDirectory, namespaceName, entryPath);

    private DataRepository Repository(string? namespaceName, string entryPath)
    {
        if (namespaceName is null)
        {
            return home.Value ?? throw NoRepository(entryPath);
        }

        var start = home.Value?.Root ?? Options.AppDirectory ?? AppContext.BaseDirectory;
        try
        {
            return ExportMap.FindRequired(start).Open(namespaceName);
        }
        catch (DataTasksException ex) when (ex.Code is ErrorCodes.UnknownNamespace or ErrorCodes.NoExportMap)
        {
            throw new DataArtifactNotFoundException(entryPath, ex.Code, null, ex.Message, ex);
        }
        catch (DataTasksException ex)
        {
            // A broken export.json (DT0701) is the runtime API's exception, like a broken manifest: never Core's type.
            throw DataArtifactUnavailableException.From(entryPath, ex);
        }
    }

    /// <summary>The manifest, parsed once and again only when the file's stat changes.</summary>
    private DataManifest Manifest(DataRepository repository, string entryPath)
    {
        var file = repository.ManifestFile;
        var stat = FileStat.TryGet(file) ?? throw new DataArtifactNotFoundException(entryPath, ErrorCodes.NoManifestToResolveIn, file, $"{file} does not exist", null);
        if (manifests.TryGetValue(file, out var cached) && cached.Stat == stat)
        {
            return cached.Manifest;
        }

        try
        {
            var manifest = DataManifest.Load(file);
            manifests[file] = (stat, manifest);
            return manifest;
        }
        catch (DataTasksException ex)
        {
            throw DataArtifactUnavailableException.From(entryPath, ex);
        }
    }

    private DataRepository? LocateRepository()
    {
        if (Options.RepositoryRoot is { } root)
        {
            // Configured (the option or DATATASKS_REPOSITORY): the repository root, or its artifacts.json.
            return DataRepository.At(Path.GetFileName(root.TrimEnd('/', '\\')) == DataManifest.FileName ? Path.GetDirectoryName(Path.GetFullPath(root))! : root);
        }

        // Unconfigured, only the repository the app itself sits in: a published app moved elsewhere finds none and so
        // never writes outside its own folder (the current directory is not asked, see the option's remarks).
        var appDirectory = Options.AppDirectory ?? AppContext.BaseDirectory;
        if (BuildRecord.RepositoryRoot(appDirectory) is { } recorded)
        {
            return DataRepository.At(recorded);
        }

        try
        {
            return DataRepository.Discover(appDirectory);
        }
        catch (DataTasksException)
        {
            return null;
        }
    }

    private DataArtifactNotFoundException NoRepository(string entryPath) => new(entryPath, ErrorCodes.NoManifestToResolveIn, null,
        $"no copy of '{entryPath}' next to the app ({Options.AppDirectory ?? AppContext.BaseDirectory}) and no repository to hydrate it in: the app is in no folder under an artifacts.json; set {DataArtifactResolverOptions.RepositoryVariable} (or DataArtifactResolverOptions.RepositoryRoot) to the repository to hydrate from", null);
}
