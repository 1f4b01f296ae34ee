using DataTasks.Core;
using DataTasks.Core.Operations;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>
/// Makes the selected files present and correct in the working tree: missing files come through the machine cache
/// (each object fetched once per machine, even by parallel builds, and verified against its key), files already right
/// are left alone (the stat cache answers without reading them), and a locally edited file is never overwritten (a
/// DT0303 warning). Writes the stamp file only when everything is in place, so the next build skips this work.
/// </summary>
public sealed class HydrateDataArtifacts : SelectedFilesTask
{
    /// <summary>The stamp to write on success.</summary>
    public string? StampFile { get; set; }

    /// <summary>$(DataTasksRemote): overrides DATATASKS_REMOTE and .datatasks/config*.json.</summary>
    public string? Remote { get; set; }

    /// <summary>$(DataTasksCacheDir): overrides DATATASKS_CACHE_DIR.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>$(DataTasksOffline): never open the remote; what is not on disk or in the cache is an error (DT0801).</summary>
    public bool Offline { get; set; }

    /// <summary>Objects fetched at once (capped by the remote).</summary>
    public int Jobs { get; set; } = 8;

    /// <summary>Files fetched from the remote (the rest came from the machine cache or were already in place).</summary>
    [Output]
    public int Downloaded { get; private set; }

    /// <inheritdoc />
    protected override void Run()
    {
        var own = OpenOwnRepository();
        var cache = RepositorySettings.Cache(CacheDirectory, own?.Root);
        var counts = new Dictionary<TransferOutcome, int>();
        long downloadedBytes = 0;
        var clean = true;
        foreach (var selected in Repositories(own))
        {
            clean &= Hydrate(selected, cache, counts, ref downloadedBytes);
        }

        int Count(TransferOutcome o) => counts.GetValueOrDefault(o);
        Downloaded = Count(TransferOutcome.Downloaded);
        Log.LogMessage(MessageImportance.High,
            $"DataTasks: {Label}: {Core.Text.Plural.Count(counts.Values.Sum(), "file")}: {Downloaded} from the remote ({Core.SizeFormat.Format(downloadedBytes)}), {Count(TransferOutcome.FromCache)} from the machine cache, {Count(TransferOutcome.UpToDate)} up to date, {Count(TransferOutcome.Failed)} failed");

        if (clean && !Log.HasLoggedErrors && !string.IsNullOrEmpty(StampFile))
        {
            WriteStamp(StampFile);
        }
    }

    /// <summary>Pulls one repository's selected files; false when something was left as it is (a local edit).</summary>
    private bool Hydrate(SelectedRepository selected, Core.Storage.MachineCache cache, Dictionary<TransferOutcome, int> counts, ref long downloadedBytes)
    {
        var repository = selected.Repository;
        ManifestPathForErrors = repository.ManifestFile;
        var options = new TransferOptions
        {
            Jobs = Math.Max(1, Jobs),
            OnItem = item =>
            {
                if (item.Outcome is TransferOutcome.Downloaded or TransferOutcome.FromCache)
                {
                    var from = item.Outcome == TransferOutcome.Downloaded ? "the remote" : "the machine cache";
                    Log.LogMessage(MessageImportance.Normal, $"DataTasks: {selected.Describe(item.Path)} ({Core.SizeFormat.Format(item.Size)}) from {from}");
                }
            },
        };

        // $(DataTasksRemote) names the project's own remote; a namespace's is its own, else the monorepo root's.
        var openRemote = RepositorySettings.RemoteOpener(repository, selected.Extern is null ? Remote : null, selected.Map, Offline, cache.Directory);

        // Parallel builds of one repository (projects, target frameworks) hydrate one at a time: the machine cache
        // already fetches each object once, and this also keeps a later build from re-writing a file an earlier one
        // just stamped, so every project's stamp stays newer than its files.
        repository.EnsureStateDirectory();
        TransferReport report;
        using (Core.RunningNotices.Listen(n => Log.LogMessage(MessageImportance.High, $"DataTasks: {n.Message}")))
        using (Wait(Core.Storage.FileLock.AcquireAsync(Path.Join(repository.StateDirectory, "build-hydrate.lock"), CancellationToken)))
        {
            // A file left by an earlier version of its entry (after a git pull or checkout) is replaced by pull itself:
            // its content is in the machine cache, so nothing is lost; a local edit is still never overwritten.
            report = Wait(PullOperation.RunAsync(repository, openRemote, cache, PathScope.Of(selected.EntryPaths), options, CancellationToken));
        }

        foreach (var w in report.Warnings)
        {
            LogWarning(w.Code, w.Message, ProjectFile);
        }

        var clean = true;
        foreach (var item in report.Items)
        {
            var file = repository.FullPathOf(item.Path);
            switch (item.Outcome)
            {
                case TransferOutcome.SkippedModified:
                    // A build never destroys local work; it says so on every build until the file is added or deleted.
                    clean = false;
                    LogWarning(ErrorCodes.VerifyMismatch, $"{selected.Describe(item.Path)} differs from {Core.Manifest.DataManifest.FileName} and was not overwritten; 'dotnet data add' it if the change is wanted, or delete it so the build restores it", file);
                    break;
                case TransferOutcome.SkippedNotPushed:
                    LogError(ErrorCodes.RemoteObjectMissing, $"{selected.Describe(item.Path)} was added but never pushed, so the build cannot restore it; push it from the clone that has it", ProjectFile);
                    break;
            }

            counts[item.Outcome] = counts.GetValueOrDefault(item.Outcome) + 1;
        }

        // One diagnostic per distinct failure: an unreachable remote is one error, not one per file.
        foreach (var group in TransferFailureGroup.Of(report.Items))
        {
            var paths = group.Items.Select(i => selected.Describe(i.Path)).ToList();
            var what = paths.Count == 1 ? paths[0] : $"{paths.Count} files ({paths[0]}, …)";
            LogError(group.Code, $"cannot hydrate {what}: {group.Summary}", ProjectFile);
        }

        downloadedBytes += report.Items.Where(i => i.Outcome == TransferOutcome.Downloaded).Sum(i => i.Size);
        return clean;
    }

    private void WriteStamp(string stamp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
        var lines = string.Join('\n', Files.Select(f => f.ItemSpec)) + "\n";
        Core.Storage.AtomicFile.WriteAllBytes(stamp, System.Text.Encoding.UTF8.GetBytes(lines));
    }
}
