using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.Lineage;

namespace DataTasks.Cli.Commands;

/// <summary>lineage: what an entry was made from and what was made from it, as a tree, a digraph, a flowchart or JSON.</summary>
internal static class LineageCommand
{
    public static Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var format = LineageRequest.Format(args.Option("--format"), args.Flag("--json"));
        context.Json = format == LineageFormat.Json;
        var direction = LineageRequest.Direction(args.Flag("--up"), args.Flag("--down"));
        var depth = LineageRequest.Depth(args.Option("--depth"));
        var positionals = args.Positionals("lineage");
        if (positionals.Count != 1)
        {
            throw new DataTasksException(ErrorCodes.Usage, "lineage takes one entry path");
        }

        var path = context.RepositoryPaths(positionals)[0];
        var graph = LineageOperation.Run(context.Repository, path, direction, depth, context.Cancellation);
        foreach (var (name, problem) in graph.UnreadableNamespaces)
        {
            context.Warn(new DataTasksException(ErrorCodes.LineageNamespaceUnreadable,
                $"namespace '{name}' could not be read, so its entries are shown as unresolved and not searched for dependents: {problem}"));
        }

        switch (format)
        {
            case LineageFormat.Json:
                JsonOutput.WriteObject(context, w => WriteJson(w, graph));
                break;
            case LineageFormat.Dot:
                WriteLines(context, LineageDot.Lines(graph));
                break;
            case LineageFormat.Mermaid:
                WriteLines(context, LineageMermaid.Lines(graph));
                break;
            default:
                if (!context.Quiet)
                {
                    WriteLines(context, LineageText.Lines(graph));
                }

                break;
        }

        return Task.FromResult(CliApp.ExitOk);
    }

    // dot and mermaid are the output asked for, so --quiet does not silence them.
    private static void WriteLines(CliContext context, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            // Descriptions come from the manifest's committers: shown, never obeyed by the terminal.
            context.Out.WriteLine(Core.Text.TerminalText.OneLine(line));
        }
    }

    private static void WriteJson(Utf8JsonWriter w, LineageGraph graph)
    {
        w.WriteString("root", graph.Root.Text);
        w.WriteString("direction", graph.Direction.ToString().ToLowerInvariant());
        WriteNumberOrNull(w, "depth", graph.Depth);
        w.WriteBoolean("cycle", graph.HasCycle);
        w.WriteStartArray("nodes");
        foreach (var node in graph.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("reference", node.Text);
            if (node.Reference.Namespace is null)
            {
                w.WriteNull("namespace");
            }
            else
            {
                w.WriteString("namespace", node.Reference.Namespace);
            }

            w.WriteString("path", node.Reference.Path);
            w.WriteString("status", node.Status.ToString().ToLowerInvariant());
            if (node.Reason is null)
            {
                w.WriteNull("reason");
            }
            else
            {
                w.WriteString("reason", node.Reason);
            }

            WriteNumberOrNull(w, "up_level", graph.UpLevelOf(node.Reference));
            WriteNumberOrNull(w, "down_level", graph.DownLevelOf(node.Reference));
            w.WriteBoolean("truncated", graph.IsTruncated(node.Reference));
            if (node.Entry is null)
            {
                w.WriteNull("entry");
            }
            else
            {
                w.WriteStartObject("entry");
                EntryJson.WriteFields(w, node.Entry);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var edge in graph.Edges)
        {
            w.WriteStartObject();
            w.WriteString("input", edge.Input.ToString());
            w.WriteString("product", edge.Product.ToString());
            w.WriteBoolean("cycle", edge.Cycle);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("unreadable_namespaces");
        foreach (var (name, problem) in graph.UnreadableNamespaces)
        {
            w.WriteString(name, problem);
        }

        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
