using System.Globalization;
using System.Text;

namespace DataTasks.Core.Lineage;

/// <summary>
/// Lineage as a Mermaid flowchart: Mermaid ids cannot be quoted, so each node is <c>n0</c>, <c>n1</c>, … with its
/// reference as a quoted label; edges from an input to what was made from it, cycle edges labelled.
/// </summary>
public static class LineageMermaid
{
    /// <summary>The lines of <paramref name="graph"/>'s flowchart (without a Markdown fence).</summary>
    public static IEnumerable<string> Lines(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        yield return "flowchart LR";
        var ids = new Dictionary<Manifest.EntryInputReference, string>();
        foreach (var node in graph.Nodes)
        {
            var id = "n" + ids.Count.ToString(CultureInfo.InvariantCulture);
            ids[node.Reference] = id;
            var status = node.Status switch
            {
                LineageNodeStatus.Missing => " (missing)",
                LineageNodeStatus.Unresolved => " (unresolved)",
                _ => "",
            };
            yield return $"  {id}[\"{Escape(node.Text + status)}\"]";
        }

        foreach (var edge in graph.Edges)
        {
            yield return $"  {ids[edge.Input]} {(edge.Cycle ? "-->|cycle|" : "-->")} {ids[edge.Product]}";
        }

        yield return "  classDef root stroke-width:3px;";
        yield return "  classDef missing stroke-dasharray:5 5;";
        yield return "  classDef unresolved stroke-dasharray:2 2;";
        yield return $"  class {ids[graph.Root.Reference]} root;";
        foreach (var (status, name) in new[] { (LineageNodeStatus.Missing, "missing"), (LineageNodeStatus.Unresolved, "unresolved") })
        {
            var members = graph.Nodes.Where(n => n.Status == status).Select(n => ids[n.Reference]).ToList();
            if (members.Count > 0)
            {
                yield return $"  class {string.Join(",", members)} {name};";
            }
        }
    }

    /// <summary>
    /// Text for a quoted Mermaid label: the characters Mermaid or its HTML labels would read as syntax ('"', '#',
    /// '&amp;', '&lt;', '&gt;', '`') as Mermaid's <c>#code;</c> entities.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c is '"' or '#' or '&' or '<' or '>' or '`'
                ? b.Append('#').Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';')
                : b.Append(c);
        }

        return b.ToString();
    }
}
