using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Operations;

/// <summary>
/// What rm --delete checks before it deletes a file: its content must exist somewhere else, on the remote or in the
/// machine cache, or deleting it loses it for good (an added, never-pushed file; a modified file).
/// </summary>
public sealed class RemoveSafety
{
    private readonly MachineCache cache;
    private readonly Func<DataRemote>? openRemote;

    /// <summary>Checks against <paramref name="cache"/> and, when one is configured, the remote <paramref name="openRemote"/> opens.</summary>
    public RemoveSafety(MachineCache cache, Func<DataRemote>? openRemote)
    {
        this.cache = cache;
        this.openRemote = openRemote;
    }

    /// <summary>One DT0403 per file among <paramref name="paths"/> whose content exists nowhere but on disk, in path order.</summary>
    public async Task<IReadOnlyList<DataTasksException>> FindUnsavedAsync(DataRepository repository, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var tree = new WorkingTree(repository) { LinkedCache = cache };
        var keys = tree.GetKeys(paths, trustCache: true, cancellationToken);
        var onDisk = keys.Where(k => k.Value is not null).Select(k => (Path: k.Key, File: k.Value!)).ToList();
        var notCached = onDisk.Where(f => !cache.Contains(f.File.Key, f.File.Size)).ToList();
        if (notCached.Count == 0)
        {
            return [];
        }

        IReadOnlySet<string> onRemote = new HashSet<string>();
        string? remoteProblem = null;
        if (openRemote is null)
        {
            remoteProblem = "no remote is configured";
        }
        else
        {
            try
            {
                await using var remote = openRemote();
                onRemote = await remote.FindExistingAsync(notCached.Select(f => f.File.Key).Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
            }
            catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled)
            {
                // Unreachable or unconfigured: nothing can be proven safe there, so refuse rather than guess.
                remoteProblem = $"the remote could not be asked ({ex.Code})";
            }
        }

        tree.Save();
        return notCached
            .Where(f => !onRemote.Contains(f.File.Key))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new DataTasksException(ErrorCodes.DeleteWouldLoseContent,
                $"{f.Path}: its content (key {f.File.Key[..8]}…) is neither on the remote nor in the machine cache{(remoteProblem is null ? "" : $" ({remoteProblem})")}, so deleting it would lose it; 'dotnet data push' it first, drop --delete to keep the file, or add --force to delete it anyway"))
            .ToList();
    }
}

/// <summary>What rm did: the entries it removed, or (nothing removed) the files it refused to delete.</summary>
/// <param name="Removed">The removed entry paths.</param>
/// <param name="Refused">One DT0403 per file rm --delete refused; when any, nothing was changed.</param>
public sealed record RemoveResult(IReadOnlyList<string> Removed, IReadOnlyList<DataTasksException> Refused);
