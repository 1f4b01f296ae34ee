namespace DataTasks.Core.Lineage;

/// <summary>What lineage knows about a node.</summary>
public enum LineageNodeStatus
{
    /// <summary>An entry of its repository's manifest.</summary>
    Entry,

    /// <summary>An input naming no entry: its repository was read and has no such path.</summary>
    Missing,

    /// <summary>An input of another namespace whose manifest could not be read (no export.json, unknown namespace, unreadable manifest).</summary>
    Unresolved,
}
