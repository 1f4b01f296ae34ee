using System.Text;

namespace DataTasks.Core.Lineage;

/// <summary>
/// Lineage as text: the root, then an indented tree per direction drawn like <c>npm ls</c>. A line that is not
/// expanded says why: <c>(cycle)</c>, <c>(see above)</c> or <c>(see below)</c> when the node is expanded on another line.
/// </summary>
public static class LineageText
{
    /// <summary>The heading of the up tree.</summary>
    public const string UpHeading = "made from:";

    /// <summary>The heading of the down tree.</summary>
    public const string DownHeading = "used by:";

    /// <summary>The lines of <paramref name="graph"/>'s text form.</summary>
    public static IEnumerable<string> Lines(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var root = graph.Root;
        yield return root.Entry?.Description is { } description ? $"{root.Text}  {description}" : root.Text;
        if (graph.Direction != LineageDirection.Down)
        {
            foreach (var line in Section(UpHeading, graph.Up, graph.Depth))
            {
                yield return line;
            }
        }

        if (graph.Direction != LineageDirection.Up)
        {
            foreach (var line in Section(DownHeading, graph.Down, graph.Depth))
            {
                yield return line;
            }
        }
    }

    /// <summary>What a line adds after the node's name: its status and the walk's verdict, or empty.</summary>
    public static string Markers(LineageTreeLine line, int? depth)
    {
        ArgumentNullException.ThrowIfNull(line);
        var markers = new List<string>();
        if (line.Node.Status == LineageNodeStatus.Missing)
        {
            markers.Add("missing");
        }
        else if (line.Node.Status == LineageNodeStatus.Unresolved)
        {
            markers.Add("unresolved");
        }

        if (line.Cycle)
        {
            markers.Add("cycle");
        }

        if (line.Repeated)
        {
            markers.Add(line.ExpandedAbove ? "see above" : "see below");
        }

        if (line.Truncated)
        {
            markers.Add($"more beyond --depth {depth}");
        }

        return markers.Count == 0 ? "" : $" ({string.Join(", ", markers)})";
    }

    private static IEnumerable<string> Section(string heading, IReadOnlyList<LineageTreeLine> lines, int? depth)
    {
        if (lines.Count == 0)
        {
            yield return heading + " nothing";
            yield break;
        }

        yield return heading;

        // lastAt[level]: whether the most recent line at that level was its parent's last child, so the guide below it ends.
        var lastAt = new List<bool> { true };
        var prefix = new StringBuilder();
        foreach (var line in lines)
        {
            while (lastAt.Count <= line.Depth)
            {
                lastAt.Add(false);
            }

            lastAt[line.Depth] = line.IsLast;
            prefix.Clear();
            for (var level = 1; level < line.Depth; level++)
            {
                prefix.Append(lastAt[level] ? "    " : "│   ");
            }

            prefix.Append(line.IsLast ? "└── " : "├── ");
            yield return prefix + line.Node.Text + Markers(line, depth);
        }
    }
}
