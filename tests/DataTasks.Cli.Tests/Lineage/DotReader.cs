using System.Text;

namespace DataTasks.Cli.Tests.Lineage;

/// <summary>
/// A small reader for the DOT lineage writes: it accepts only a <c>digraph</c> of node and edge statements whose ids are
/// quoted strings (reading <c>\"</c> and <c>\\</c> back as the characters lineage escaped), and fails on anything else, such as an id
/// that a quote inside a path would break. Enough to prove the output is well-formed without Graphviz installed.
/// </summary>
internal static class DotReader
{
    /// <summary>The node ids (in order) and edges (input, product, attribute text) of <paramref name="dot"/>.</summary>
    public static (List<string> Nodes, List<(string From, string To, string Attributes)> Edges) Read(string dot)
    {
        var nodes = new List<string>();
        var edges = new List<(string, string, string)>();
        var lines = dot.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.AreEqual("digraph lineage {", lines[0]);
        Assert.AreEqual("}", lines[^1]);
        foreach (var raw in lines[1..^1])
        {
            var line = raw.Trim();
            if (line is "rankdir=LR;" or "node [shape=box];")
            {
                continue;
            }

            var i = 0;
            var first = QuotedId(line, ref i);
            Skip(line, ref i);
            string? second = null;
            if (line.AsSpan(i).StartsWith("->"))
            {
                i += 2;
                Skip(line, ref i);
                second = QuotedId(line, ref i);
                Skip(line, ref i);
            }

            var attributes = "";
            if (i < line.Length && line[i] == '[')
            {
                var start = i;
                while (i < line.Length && line[i] != ']')
                {
                    if (line[i] == '"')
                    {
                        QuotedId(line, ref i);
                        continue;
                    }

                    i++;
                }

                Assert.IsTrue(i < line.Length, $"unclosed attribute list: {raw}");
                attributes = line[(start + 1)..i];
                i++;
            }

            Assert.AreEqual(";", line[i..], $"statement does not end after its attributes: {raw}");
            if (second is null)
            {
                nodes.Add(first);
            }
            else
            {
                edges.Add((first, second, attributes));
            }
        }

        return (nodes, edges);
    }

    private static void Skip(string line, ref int i)
    {
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }
    }

    private static string QuotedId(string line, ref int i)
    {
        Assert.AreEqual('"', line[i], $"expected a quoted id at {i}: {line}");
        var b = new StringBuilder();
        for (i++; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                b.Append(line[++i] switch { '"' => '"', '\\' => '\\', 'n' => '\n', var other => other });
            }
            else if (line[i] == '"')
            {
                i++;
                return b.ToString();
            }
            else
            {
                b.Append(line[i]);
            }
        }

        Assert.Fail($"unterminated quoted id: {line}");
        return "";
    }
}
