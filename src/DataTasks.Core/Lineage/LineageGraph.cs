using DataTasks.Core.Manifest;

namespace DataTasks.Core.Lineage;

/// <summary>
/// What lineage found around one entry: the nodes and edges within the requested levels (one graph for dot, mermaid
/// and JSON), and the same walk as two trees, up and down (for text).
/// </summary>
public sealed class LineageGraph
{
    internal LineageGraph(
        LineageNode root,
        LineageDirection direction,
        int? depth,
        IReadOnlyList<LineageNode> nodes,
        IReadOnlyList<LineageEdge> edges,
        IReadOnlyDictionary<EntryInputReference, int> upLevels,
        IReadOnlyDictionary<EntryInputReference, int> downLevels,
        IReadOnlySet<EntryInputReference> truncated,
        IReadOnlyList<LineageTreeLine> up,
        IReadOnlyList<LineageTreeLine> down,
        IReadOnlyDictionary<string, string> unreadableNamespaces)
    {
        Root = root;
        Direction = direction;
        Depth = depth;
        Nodes = nodes;
        Edges = edges;
        this.upLevels = upLevels;
        this.downLevels = downLevels;
        this.truncated = truncated;
        Up = up;
        Down = down;
        UnreadableNamespaces = unreadableNamespaces;
    }

    private readonly IReadOnlyDictionary<EntryInputReference, int> upLevels;
    private readonly IReadOnlyDictionary<EntryInputReference, int> downLevels;
    private readonly IReadOnlySet<EntryInputReference> truncated;

    /// <summary>The entry lineage started at.</summary>
    public LineageNode Root { get; }

    /// <summary>Which way it walked.</summary>
    public LineageDirection Direction { get; }

    /// <summary>The most levels walked each way, or null for no limit.</summary>
    public int? Depth { get; }

    /// <summary>Every node reached: the root first, then in the order the walk found them (up, then down).</summary>
    public IReadOnlyList<LineageNode> Nodes { get; }

    /// <summary>Every input-of relation walked, each once, in the order found.</summary>
    public IReadOnlyList<LineageEdge> Edges { get; }

    /// <summary>The lines of the up tree below the root (what it was made from); empty when only down was asked for.</summary>
    public IReadOnlyList<LineageTreeLine> Up { get; }

    /// <summary>The lines of the down tree below the root (what was made from it); empty when only up was asked for.</summary>
    public IReadOnlyList<LineageTreeLine> Down { get; }

    /// <summary>Each namespace that was needed but could not be read, with why; its nodes are unresolved.</summary>
    public IReadOnlyDictionary<string, string> UnreadableNamespaces { get; }

    /// <summary>True when any edge lies on a cycle.</summary>
    public bool HasCycle => Edges.Any(e => e.Cycle);

    /// <summary>How many levels up from the root the walk first reached <paramref name="node"/>, or null when it did not walk there going up.</summary>
    public int? UpLevelOf(EntryInputReference node) => upLevels.TryGetValue(node, out var level) ? level : null;

    /// <summary>How many levels down from the root the walk first reached <paramref name="node"/>, or null when it did not walk there going down.</summary>
    public int? DownLevelOf(EntryInputReference node) => downLevels.TryGetValue(node, out var level) ? level : null;

    /// <summary>True when --depth stopped the walk at <paramref name="node"/> while it has further inputs or dependents that way.</summary>
    public bool IsTruncated(EntryInputReference node) => truncated.Contains(node);
}
