namespace DataTasks.Core.History;

/// <summary>
/// Which history gc treats as referencing objects. The default is every ref git knows (<c>git log --all</c>: branches,
/// tags, remote-tracking refs, the stash, other worktrees' HEADs); naming refs or a start date narrows it, which can let
/// gc delete objects that history outside the scope still needs.
/// </summary>
/// <param name="Refs">Only the history of these revisions (empty: every ref).</param>
/// <param name="Since">Only commits from this date on (plus the manifests at each ref's tip).</param>
public sealed record ReferenceScope(IReadOnlyList<string> Refs, DateTimeOffset? Since)
{
    /// <summary>Every ref, all of history: the safe default.</summary>
    public static ReferenceScope Everything { get; } = new([], null);

    /// <summary>True for the default scope.</summary>
    public bool IsEverything => Refs.Count == 0 && Since is null;
}
