namespace DataTasks.Core.Operations;

/// <summary>What a transfer command did, or would do, with one path.</summary>
public enum TransferOutcome
{
    /// <summary>Uploaded to the remote.</summary>
    Uploaded,

    /// <summary>The remote already had the object: nothing sent, the key was recorded.</summary>
    AlreadyOnRemote,

    /// <summary>Downloaded from the remote (through the machine cache).</summary>
    Downloaded,

    /// <summary>Restored without touching the remote: from the machine cache, or (pull --no-cache) copied from a path with the same content just downloaded.</summary>
    FromCache,

    /// <summary>Already present with matching content.</summary>
    UpToDate,

    /// <summary>Left alone: the file on disk differs from the manifest and pull never overwrites local changes.</summary>
    SkippedModified,

    /// <summary>Left alone: not pushed yet, so there is nothing to pull.</summary>
    SkippedNotPushed,

    /// <summary>--dry-run: would transfer.</summary>
    WouldTransfer,

    /// <summary>--dry-run: would skip, the remote already has it.</summary>
    WouldSkip,

    /// <summary>Failed; see the error.</summary>
    Failed,
}

/// <summary>One path's transfer result.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Key">The content key.</param>
/// <param name="Error">The error when <paramref name="Outcome"/> is Failed (or a warning for skips).</param>
public sealed record TransferItem(string Path, TransferOutcome Outcome, long Size, string? Key, DataTasksException? Error = null);

/// <summary>The result of push or pull.</summary>
public sealed class TransferReport
{
    /// <summary>Creates a report.</summary>
    public TransferReport(IReadOnlyList<TransferItem> items, IReadOnlyList<DataTasksException> warnings)
    {
        Items = items;
        Warnings = warnings;
    }

    /// <summary>Each path's result, in path order.</summary>
    public IReadOnlyList<TransferItem> Items { get; }

    /// <summary>Problems that did not fail the command (a corrupt cached object that was fetched again).</summary>
    public IReadOnlyList<DataTasksException> Warnings { get; }

    /// <summary>True when any path failed.</summary>
    public bool HasFailures => Items.Any(i => i.Outcome == TransferOutcome.Failed);

    /// <summary>Bytes moved over the remote connection.</summary>
    public long BytesTransferred => Items.Where(i => i.Outcome is TransferOutcome.Uploaded or TransferOutcome.Downloaded).Sum(i => i.Size);
}

/// <summary>Options shared by push and pull.</summary>
public sealed record TransferOptions
{
    /// <summary>Only report what would happen.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many objects move at once; capped by the remote.</summary>
    public int Jobs { get; init; } = 8;

    /// <summary>Told of every transferred byte (for progress display).</summary>
    public Action<long>? OnBytes { get; init; }

    /// <summary>Told once, before any byte moves, how many objects and bytes the command is about to transfer.</summary>
    public Action<int, long>? OnPlan { get; init; }

    /// <summary>Told when each path finishes.</summary>
    public Action<TransferItem>? OnItem { get; init; }

    /// <summary>
    /// pull only: download objects the machine cache lacks straight into the tree, keeping no copy in the cache (one
    /// write instead of two, half the disk). Objects already cached are still used.
    /// </summary>
    public bool SkipCacheWrite { get; init; }

    /// <summary>
    /// push only: the machine cache that each pushed object is stored in too (verified while copied), so a branch
    /// switch back to this content, or another clone on the machine, needs no download; null stores nothing.
    /// </summary>
    public Storage.MachineCache? FillCache { get; init; }
}
