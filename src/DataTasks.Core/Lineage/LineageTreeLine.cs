namespace DataTasks.Core.Lineage;

/// <summary>
/// One line of a lineage tree (the text format), in the order the tree is drawn (a parent, then its children). A node is
/// expanded once, at its shallowest level; every other line naming it is a leaf that says why. Kept flat rather than
/// nested so a long chain of inputs never needs a deep recursion to build or draw.
/// </summary>
/// <param name="Node">The node.</param>
/// <param name="Depth">Levels below the root (the root is 0).</param>
/// <param name="IsLast">True when it is the last child of its parent line (for drawing the tree).</param>
/// <param name="Cycle">True when the line's edge lies on a cycle and the node is not expanded here (the walk stops instead of looping).</param>
/// <param name="Repeated">True when the node is expanded on another line of the same tree (not an ancestor); it is not expanded here.</param>
/// <param name="ExpandedAbove">With <paramref name="Repeated"/>: whether that other line comes before this one.</param>
/// <param name="Truncated">True when --depth stopped the walk at this node and it has further lines.</param>
public sealed record LineageTreeLine(LineageNode Node, int Depth, bool IsLast, bool Cycle, bool Repeated, bool ExpandedAbove, bool Truncated);
