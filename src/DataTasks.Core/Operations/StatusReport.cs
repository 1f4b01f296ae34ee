namespace DataTasks.Core.Operations;

/// <summary>One path's status.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="State">Its category.</param>
/// <param name="Size">The size: on disk when present, else as recorded.</param>
/// <param name="StorageKey">The manifest key, or null.</param>
/// <param name="DiskKey">The content key of the file on disk, when it was computed.</param>
public sealed record StatusItem(string Path, EntryState State, long Size, string? StorageKey, string? DiskKey);

/// <summary>The status of a repository (or part of it), in path order.</summary>
public sealed class StatusReport
{
    /// <summary>Creates a report.</summary>
    public StatusReport(IReadOnlyList<StatusItem> items, int hashedFiles)
    {
        Items = items;
        HashedFiles = hashedFiles;
    }

    /// <summary>Every path in scope, in ordinal order.</summary>
    public IReadOnlyList<StatusItem> Items { get; }

    /// <summary>Untracked files .datapattern selects that cannot be tracked, with the reason, in path order.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>How many files had to be hashed (the rest came from the stat cache).</summary>
    public int HashedFiles { get; }

    /// <summary>How many items are in <paramref name="state"/>.</summary>
    public int Count(EntryState state) => Items.Count(i => i.State == state);

    /// <summary>True when every tracked file is synced and nothing is untracked.</summary>
    public bool IsClean => Items.All(i => i.State == EntryState.Synced);
}
