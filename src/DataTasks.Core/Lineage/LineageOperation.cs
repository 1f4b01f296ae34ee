using DataTasks.Core.Manifest;

namespace DataTasks.Core.Lineage;

/// <summary>
/// lineage: what an entry was made from (up: its inputs, recursively) and what was made from it (down: the entries
/// listing it as an input), across the namespaces of export.json. Each node is visited once per direction, so a cycle
/// is reported and never looped; an input naming no entry is a missing node, one in a namespace that cannot be read an
/// unresolved node.
/// </summary>
public static class LineageOperation
{
    /// <summary>
    /// Walks from entry <paramref name="path"/> of <paramref name="repository"/> at most <paramref name="depth"/> levels
    /// (null: no limit) each way <paramref name="direction"/> says. DT1110 when the path is no entry.
    /// </summary>
    public static LineageGraph Run(DataRepository repository, string path, LineageDirection direction, int? depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (depth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "at least one level");
        }

        var manifest = repository.LoadManifest();
        var sources = new LineageSources(repository, manifest);
        var root = sources.Resolve(new EntryInputReference(null, path));
        if (root.Status != LineageNodeStatus.Entry)
        {
            var under = manifest.Entries.Any(e => e.Path.StartsWith(path + "/", StringComparison.Ordinal));
            throw new DataTasksException(ErrorCodes.LineageNoSuchEntry, under
                ? $"'{EntryPath.Printable(path)}' is a folder of entries; lineage starts at one entry ('dotnet data find {EntryPath.Printable(path)}/' lists them)"
                : $"'{EntryPath.Printable(path)}' is no entry of {DataManifest.FileName}; check the path with 'dotnet data find'");
        }

        var walk = new Walk(sources, root, depth, cancellationToken);
        var up = direction == LineageDirection.Down ? null : walk.Run(upward: true);
        var down = direction == LineageDirection.Up ? null : walk.Run(upward: false);

        var components = LineageCycles.Components(walk.Order, walk.Products);
        var edges = walk.Edges.Select(e => new LineageEdge(e.Input, e.Product, components[e.Input] == components[e.Product])).ToList();
        var onCycle = edges.Where(e => e.Cycle).Select(e => (e.Input, e.Product)).ToHashSet();
        return new LineageGraph(
            root,
            direction,
            depth,
            [.. walk.Order.Select(r => walk.Nodes[r])],
            edges,
            up?.Levels ?? [],
            down?.Levels ?? [],
            (up?.Truncated ?? []).Concat(down?.Truncated ?? []).ToHashSet(),
            up is null ? [] : Tree(walk, up, onCycle, upward: true),
            down is null ? [] : Tree(walk, down, onCycle, upward: false),
            sources.Problems);
    }

    /// <summary>
    /// The walk of one direction drawn as a tree, depth first: a node is expanded on the first line at its shallowest
    /// level; a line naming an ancestor, or a node expanded elsewhere, is a leaf (cycle when its edge is on one).
    /// </summary>
    private static List<LineageTreeLine> Tree(Walk walk, Direction d, HashSet<(EntryInputReference, EntryInputReference)> onCycle, bool upward)
    {
        var lines = new List<LineageTreeLine>();
        var root = walk.Root.Reference;
        var expanded = new HashSet<EntryInputReference> { root };
        var ancestors = new HashSet<EntryInputReference> { root };
        var stack = new Stack<(EntryInputReference Node, IReadOnlyList<EntryInputReference> Children, int Next)>();
        stack.Push((root, d.ChildrenOf(root), 0));
        while (stack.Count > 0)
        {
            var (node, children, next) = stack.Pop();
            if (next == children.Count)
            {
                ancestors.Remove(node);
                continue;
            }

            stack.Push((node, children, next + 1));
            var child = children[next];
            var level = stack.Count;
            var isLast = next == children.Count - 1;
            if (!ancestors.Contains(child) && !expanded.Contains(child) && d.Levels[child] == level)
            {
                expanded.Add(child);
                ancestors.Add(child);
                lines.Add(new LineageTreeLine(walk.Nodes[child], level, isLast, Cycle: false, Repeated: false, ExpandedAbove: false, d.Truncated.Contains(child)));
                stack.Push((child, d.ChildrenOf(child), 0));
            }
            else
            {
                var ancestor = ancestors.Contains(child);
                var edgeOnCycle = onCycle.Contains(upward ? (child, node) : (node, child));
                lines.Add(new LineageTreeLine(walk.Nodes[child], level, isLast, ancestor || edgeOnCycle, !ancestor, expanded.Contains(child), Truncated: false));
            }
        }

        return lines;
    }

    /// <summary>One direction's breadth-first walk: each node's shallowest level and the children explored from it.</summary>
    private sealed class Direction
    {
        public Dictionary<EntryInputReference, int> Levels { get; } = [];

        public Dictionary<EntryInputReference, List<EntryInputReference>> Children { get; } = [];

        /// <summary>Nodes at the last level --depth allows that have further children this way.</summary>
        public HashSet<EntryInputReference> Truncated { get; } = [];

        public IReadOnlyList<EntryInputReference> ChildrenOf(EntryInputReference node) => Children.TryGetValue(node, out var list) ? list : [];
    }

    /// <summary>The walks of both directions over one set of nodes and edges.</summary>
    private sealed class Walk(LineageSources sources, LineageNode root, int? depth, CancellationToken cancellationToken)
    {
        private readonly HashSet<(EntryInputReference, EntryInputReference)> seenEdges = [];

        public LineageNode Root => root;

        public Dictionary<EntryInputReference, LineageNode> Nodes { get; } = new() { [root.Reference] = root };

        public List<EntryInputReference> Order { get; } = [root.Reference];

        public List<(EntryInputReference Input, EntryInputReference Product)> Edges { get; } = [];

        /// <summary>For each input, the products it was walked to (the edges' direction, for cycle detection).</summary>
        public Dictionary<EntryInputReference, List<EntryInputReference>> Products { get; } = [];

        public Direction Run(bool upward)
        {
            var d = new Direction();
            d.Levels[root.Reference] = 0;
            var queue = new Queue<EntryInputReference>();
            queue.Enqueue(root.Reference);
            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var node = queue.Dequeue();
                var level = d.Levels[node];
                var next = upward ? InputsOf(Nodes[node]) : sources.DependentsOf(node);
                if (level == depth)
                {
                    if (next.Count > 0)
                    {
                        d.Truncated.Add(node);
                    }

                    continue;
                }

                var children = new List<EntryInputReference>(next.Count);
                foreach (var other in next)
                {
                    children.Add(other);
                    AddEdge(upward ? other : node, upward ? node : other);
                    if (!Nodes.ContainsKey(other))
                    {
                        Nodes[other] = sources.Resolve(other);
                        Order.Add(other);
                    }

                    if (d.Levels.TryAdd(other, level + 1))
                    {
                        queue.Enqueue(other);
                    }
                }

                d.Children[node] = children;
            }

            return d;
        }

        private IReadOnlyList<EntryInputReference> InputsOf(LineageNode node) =>
            node.Entry is null ? [] : [.. node.Entry.Inputs.Select(t => sources.Canonical(node.Reference.Namespace, t)).Distinct()];

        private void AddEdge(EntryInputReference input, EntryInputReference product)
        {
            if (seenEdges.Add((input, product)))
            {
                Edges.Add((input, product));
                if (!Products.TryGetValue(input, out var list))
                {
                    Products[input] = list = [];
                }

                list.Add(product);
            }
        }
    }
}
