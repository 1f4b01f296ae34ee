using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Text;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>
/// Uploads the selected files that were added or modified and the remote lacks, then writes their keys into
/// artifacts.json, like <c>dotnet data push</c> limited to the project's selection.
/// </summary>
public sealed class PushDataArtifacts : SelectedFilesTask
{
    /// <summary>$(DataTasksRemote): overrides DATATASKS_REMOTE and .datatasks/config*.json.</summary>
    public string? Remote { get; set; }

    /// <summary>$(DataTasksOffline): pushing needs the remote, so this is an error (DT0607).</summary>
    public bool Offline { get; set; }

    /// <summary>Objects uploaded at once (capped by the remote).</summary>
    public int Jobs { get; set; } = 8;

    /// <inheritdoc />
    protected override void Run()
    {
        var selected = Repositories(OpenOwnRepository());
        foreach (var other in selected.Where(s => s.Extern is not null))
        {
            // A namespace's data belongs to its repository, which pushes it ('dotnet data push' there).
            var n = other.EntryPaths.Count;
            Log.LogMessage(MessageImportance.Normal, $"DataTasks: {Plural.Count(n, "file")} of namespace '{other.Extern}' {Plural.Noun(n, "is", "are")} not pushed from here; push {Plural.Noun(n, "it", "them")} from {other.Repository.Root}");
        }

        if (selected.FirstOrDefault(s => s.Extern is null) is not { } own)
        {
            return;
        }

        var repository = own.Repository;
        if (Offline)
        {
            throw Core.Config.OfflineSwitch.PushNeedsRemote(RepositorySettings.OfflineSpelling);
        }

        var options = new TransferOptions
        {
            Jobs = Math.Max(1, Jobs),
            OnItem = item =>
            {
                if (item.Outcome == TransferOutcome.Uploaded)
                {
                    Log.LogMessage(MessageImportance.Normal, $"DataTasks: uploaded {item.Path} ({Core.SizeFormat.Format(item.Size)})");
                }
            },
        };
        TransferReport report;
        using (var remote = new AsyncDisposer(RepositorySettings.RemoteOpener(repository, Remote, map: null, offline: false, string.Empty)()))
        {
            report = Wait(PushOperation.RunAsync(repository, remote.Remote, PathScope.Of(own.EntryPaths), options, CancellationToken));
        }

        // One diagnostic per distinct failure, as hydration does: an unreachable remote is one error, not one per file.
        foreach (var group in TransferFailureGroup.Of(report.Items))
        {
            var first = group.Items[0].Path;
            var what = group.Items.Count == 1 ? first : $"{group.Items.Count} files ({first}, …)";
            LogError(group.Code, $"cannot push {what}: {group.Summary}", group.Items.Count == 1 ? repository.FullPathOf(first) : ProjectFile);
        }

        int Count(TransferOutcome o) => report.Items.Count(i => i.Outcome == o);
        var bytes = report.Items.Where(i => i.Outcome == TransferOutcome.Uploaded).Sum(i => i.Size);
        Log.LogMessage(MessageImportance.High,
            $"DataTasks: {Label}: pushed {Plural.Count(Count(TransferOutcome.Uploaded), "file")} ({Core.SizeFormat.Format(bytes)}), {Count(TransferOutcome.AlreadyOnRemote)} already on the remote, {Count(TransferOutcome.Failed)} failed");
    }

    /// <summary>Disposes a remote synchronously at the end of the task.</summary>
    private sealed class AsyncDisposer(Core.Remotes.DataRemote remote) : IDisposable
    {
        public Core.Remotes.DataRemote Remote => remote;

        public void Dispose() => remote.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
