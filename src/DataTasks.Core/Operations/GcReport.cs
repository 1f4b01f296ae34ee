using DataTasks.Core.Remotes;

namespace DataTasks.Core.Operations;

/// <summary>What gc found on the remote and, with --prune, deleted.</summary>
/// <param name="RemoteObjects">Every object on the remote.</param>
/// <param name="Referenced">How many of them are referenced.</param>
/// <param name="ReferencedBytes">Their bytes.</param>
/// <param name="Orphans">Objects nothing references and older than the grace period: deleted with --prune, in key order.</param>
/// <param name="Young">Objects nothing references yet, but written within the grace period: never deleted, in key order.</param>
/// <param name="Deleted">True when the orphans were deleted.</param>
/// <param name="ManifestVersions">How many manifest versions were read.</param>
/// <param name="Warnings">What the user should know (a narrow scope, a shallow clone).</param>
public sealed record GcReport(
    int RemoteObjects,
    int Referenced,
    long ReferencedBytes,
    IReadOnlyList<RemoteObject> Orphans,
    IReadOnlyList<RemoteObject> Young,
    bool Deleted,
    int ManifestVersions,
    IReadOnlyList<DataTasksException> Warnings)
{
    /// <summary>Bytes of <see cref="Orphans"/>.</summary>
    public long OrphanBytes => Orphans.Sum(o => o.Size);

    /// <summary>Bytes of <see cref="Young"/>.</summary>
    public long YoungBytes => Young.Sum(o => o.Size);

    /// <summary>
    /// Temp files interrupted uploads left on the remote and idle for longer than the grace period (their time is when
    /// they were last written): deleted with --prune. Younger ones may belong to a push still running and are not listed.
    /// </summary>
    public IReadOnlyList<RemoteObject> Leftovers { get; init; } = [];

    /// <summary>Orphans and leftovers --prune meant to delete that were still there afterwards (a read-only remote, say).</summary>
    public IReadOnlyList<RemoteObject> NotDeleted { get; init; } = [];
}
