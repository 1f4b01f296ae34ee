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

    /// <summary>$(DataTasksOffline): never open the remote; what is not on disk or in the cache is an error (DT0602).</summary>
    public bool Offline { get; set; }

    /// <summary>Objects fetched at once (capped by the remote).</summary>
    public int Jobs { get; set; } = 8;

    /// <summary>Files fetched from the remote (the rest came from the machine cache or were already in place).</summary>
    [Output]
    public int Downloaded { get; private set; }

    /// <inheritdoc />
    protected override void Run()
    {
        var repository = OpenRepository();
        var cache = RepositorySettings.Cache(CacheDirectory);
        var options = new TransferOptions
        {
            Jobs = Math.Max(1, Jobs),
            OnItem = item =>
            {
                if (item.Outcome is TransferOutcome.Downloaded or TransferOutcome.FromCache)
                {
                    var from = item.Outcome == TransferOutcome.Downloaded ? "the remote" : "the machine cache";
                    Log.LogMessage(MessageImportance.Normal, $"DataTasks: {item.Path} ({ByteSize.Format(item.Size)}) from {from}");
                }
            },
        };
        var scope = PathScope.Of(ArtifactItems.EntryPaths(Files));

        // Parallel builds of one repository (projects, target frameworks) hydrate one at a time: the machine cache
        // already fetches each object once, and this also keeps a later build from re-writing a file an earlier one
        // just stamped, so every project's stamp stays newer than its files.
        repository.EnsureStateDirectory();
        TransferReport report;
        using (Wait(Core.Storage.FileLock.AcquireAsync(Path.Join(repository.StateDirectory, "build-hydrate.lock"), CancellationToken)))
        {
            var openRemote = RepositorySettings.RemoteOpener(repository, Remote, Offline, cache.Directory);

            // A file left by an earlier version of its entry (after a git pull or checkout) is replaced by pull itself:
            // its content is in the machine cache, so nothing is lost; a local edit is still never overwritten.
            report = Wait(PullOperation.RunAsync(repository, openRemote, cache, scope, options, CancellationToken));
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
                    LogWarning(ErrorCodes.VerifyMismatch, $"{item.Path} differs from {Core.Manifest.DataManifest.FileName} and was not overwritten; 'dotnet data add' it if the change is wanted, or delete it so the build restores it", file);
                    break;
                case TransferOutcome.SkippedNotPushed:
                    LogError(ErrorCodes.RemoteObjectMissing, $"{item.Path} was added but never pushed, so the build cannot restore it; push it from the clone that has it", ProjectFile);
                    break;
            }
        }

        // One diagnostic per distinct failure: an unreachable remote is one error, not one per file.
        foreach (var group in report.Items.Where(i => i.Outcome == TransferOutcome.Failed).GroupBy(i => (i.Error?.Code ?? ErrorCodes.TransferFailed, i.Error?.Message ?? "transfer failed")))
        {
            var paths = group.Select(i => i.Path).ToList();
            var what = paths.Count == 1 ? paths[0] : $"{paths.Count} files ({paths[0]}, …)";
            LogError(group.Key.Item1, $"cannot hydrate {what}: {group.Key.Item2}", ProjectFile);
        }

        int Count(TransferOutcome o) => report.Items.Count(i => i.Outcome == o);
        Downloaded = Count(TransferOutcome.Downloaded);
        var bytes = report.Items.Where(i => i.Outcome == TransferOutcome.Downloaded).Sum(i => i.Size);
                Log.LogMessage(MessageImportance.High,
            $"DataTasks: {Label}: {report.Items.Count} files: {Downloaded} from the remote ({ByteSize.Format(bytes)}), {Count(TransferOutcome.FromCache)} from the machine cache, {Count(TransferOutcome.UpToDate)} up to date, {Count(TransferOutcome.Failed)} failed");

        if (clean && !Log.HasLoggedErrors && !string.IsNullOrEmpty(StampFile))
        {
            WriteStamp(StampFile);
        }
    }

    private void WriteStamp(string stamp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
        var lines = string.Join('\n', Files.Select(f => $"{f.GetMetadata(ArtifactItems.EntryPath)}\t{f.GetMetadata(ArtifactItems.StorageKey)}")) + "\n";
        Core.Storage.AtomicFile.WriteAllBytes(stamp, System.Text.Encoding.UTF8.GetBytes(lines));
    }
}
