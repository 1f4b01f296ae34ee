namespace DataTasks.Core.Snapshots;

/// <summary>
/// A named, immutable state of the data: a git tag (annotated by <c>snapshot create</c>) whose commit holds the
/// artifacts.json the snapshot stands for.
/// </summary>
/// <param name="Name">The snapshot's name, without the tag prefix.</param>
/// <param name="Tag">The tag's name, prefix included (<c>data/v1</c>).</param>
/// <param name="Commit">The full hash of the commit the tag points at.</param>
/// <param name="Date">When the tag was made (for a lightweight tag: the commit's date).</param>
/// <param name="Message">The tag's message (for a lightweight tag: the commit's), without a trailing newline.</param>
/// <param name="EntryCount">The entries of artifacts.json at the commit; null when that manifest is not valid.</param>
/// <param name="TotalSize">The entries' total size in bytes; null when that manifest is not valid.</param>
public sealed record Snapshot(string Name, string Tag, string Commit, DateTimeOffset Date, string Message, int? EntryCount, long? TotalSize);
