using DataTasks.Core.Manifest;

namespace DataTasks.Core.Lineage;

/// <summary>
/// Which edges lie on a cycle: those whose two ends are in one strongly connected component (Tarjan's algorithm, with
/// an explicit stack so a chain of 100,000 inputs needs no deep recursion). Unlike "the edge the walk happened to
/// close the loop with", this does not depend on the order the graph was walked in.
/// </summary>
internal static class LineageCycles
{
    /// <summary>The component number of each node of <paramref name="nodes"/> under the edges <paramref name="next"/> gives.</summary>
    public static Dictionary<EntryInputReference, int> Components(IReadOnlyList<EntryInputReference> nodes, IReadOnlyDictionary<EntryInputReference, List<EntryInputReference>> next)
    {
        var index = new Dictionary<EntryInputReference, int>();
        var low = new Dictionary<EntryInputReference, int>();
        var onStack = new HashSet<EntryInputReference>();
        var stack = new Stack<EntryInputReference>();
        var component = new Dictionary<EntryInputReference, int>();
        var calls = new Stack<(EntryInputReference Node, int Next)>();
        var counter = 0;
        var components = 0;

        void Visit(EntryInputReference node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            calls.Push((node, 0));
        }

        foreach (var start in nodes)
        {
            if (index.ContainsKey(start))
            {
                continue;
            }

            Visit(start);
            while (calls.Count > 0)
            {
                var (node, i) = calls.Pop();
                var edges = next.TryGetValue(node, out var list) ? list : [];
                if (i < edges.Count)
                {
                    calls.Push((node, i + 1));
                    var to = edges[i];
                    if (!index.ContainsKey(to))
                    {
                        Visit(to);
                    }
                    else if (onStack.Contains(to))
                    {
                        low[node] = Math.Min(low[node], index[to]);
                    }

                    continue;
                }

                if (low[node] == index[node])
                {
                    EntryInputReference member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component[member] = components;
                    }
                    while (!member.Equals(node));
                    components++;
                }

                if (calls.Count > 0)
                {
                    var parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }

        return component;
    }
}
