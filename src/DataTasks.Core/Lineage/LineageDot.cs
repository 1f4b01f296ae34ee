using System.Text;

namespace DataTasks.Core.Lineage;

/// <summary>
/// Lineage as a Graphviz digraph: one node per reference (its quoted, escaped text as the id), edges from an input
/// to what was made from it, the root drawn bold, missing nodes dashed, unresolved ones dotted and cycle edges red.
/// </summary>
public static class LineageDot
{
    /// <summary>The lines of <paramref name="graph"/>'s digraph.</summary>
    public static IEnumerable<string> Lines(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        yield return "digraph lineage {";
        yield return "  rankdir=LR;";
        yield return "  node [shape=box];";
        foreach (var node in graph.Nodes)
        {
            var attributes = new List<string>();
            if (node.Reference.Equals(graph.Root.Reference))
            {
                attributes.Add("penwidth=2");
            }

            if (node.Status != LineageNodeStatus.Entry)
            {
                var status = node.Status == LineageNodeStatus.Missing ? "missing" : "unresolved";
                attributes.Add(node.Status == LineageNodeStatus.Missing ? "style=dashed" : "style=dotted");
                attributes.Add($"label={Quote(node.Text + "\n(" + status + ")")}");
            }

            yield return attributes.Count == 0 ? $"  {Quote(node.Text)};" : $"  {Quote(node.Text)} [{string.Join(", ", attributes)}];";
        }

        foreach (var edge in graph.Edges)
        {
            var line = $"  {Quote(edge.Input.ToString())} -> {Quote(edge.Product.ToString())}";
            yield return edge.Cycle ? line + " [color=red, label=\"cycle\"];" : line + ";";
        }

        yield return "}";
    }

    /// <summary>
    /// A DOT quoted string: '"' and '\' escaped (so a trailing backslash cannot swallow the closing quote and a label
    /// shows the character itself), a line break as DOT's <c>\n</c>.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var b = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => b.Append("\\\""),
                '\\' => b.Append("\\\\"),
                '\n' => b.Append("\\n"),
                _ => b.Append(c),
            };
        }

        return b.Append('"').ToString();
    }
}
