namespace DataTasks.Core.History;

/// <summary>One entry's change between two manifest states.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The path after the change (for a removal, the path that was removed).</param>
/// <param name="OldPath">For a rename, the path before; otherwise null.</param>
/// <param name="OldKey">The key before (null when added, or when the entry was not pushed).</param>
/// <param name="NewKey">The key after (null when removed, or when the entry is not pushed).</param>
/// <param name="OldSize">The size before, or null when added.</param>
/// <param name="NewSize">The size after, or null when removed.</param>
public sealed record EntryChange(EntryChangeKind Kind, string Path, string? OldPath, string? OldKey, string? NewKey, long? OldSize, long? NewSize);
