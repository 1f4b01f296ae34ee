using DataTasks.Core.Manifest;

namespace DataTasks.Core.Lineage;

/// <summary>One node of a lineage graph: an entry, or an input that names none or cannot be looked up.</summary>
/// <param name="Reference">
/// Who it is, relative to the repository lineage started in: namespace null for that repository's entries, otherwise
/// the export.json namespace. Equal references are the same node, however an input spelled it.
/// </param>
/// <param name="Status">Whether it is an entry, missing or unresolved.</param>
/// <param name="Entry">The entry when <paramref name="Status"/> is <see cref="LineageNodeStatus.Entry"/>, otherwise null.</param>
/// <param name="Reason">Why it is unresolved (the namespace's problem), otherwise null.</param>
public sealed record LineageNode(EntryInputReference Reference, LineageNodeStatus Status, ManifestEntry? Entry, string? Reason)
{
    /// <summary>The node as an input would name it from the starting repository: <c>path</c> or <c>namespace:path</c>.</summary>
    public string Text => Reference.ToString();
}
