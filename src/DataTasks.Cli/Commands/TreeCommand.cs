using DataTasks.Core;
using System.Text.Json;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>tree: per-folder counts, sizes and status symbols, as in the plan.</summary>
internal static class TreeCommand
{
    public static int Run(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var paths = args.Positionals("tree");
        var repository = context.Repository;
        var report = StatusOperation.Run(repository, repository.LoadManifest(), new WorkingTree(repository), PathScope.Of(context.RepositoryPaths(paths)), context.Cancellation);
        var tree = DataTree.Build(report);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w => WriteFields(w, tree));
            return CliApp.ExitOk;
        }

        var output = new System.Text.StringBuilder();
        if (tree.FileCount > 0)
        {
            output.Append("./ ").Append(Counts(tree)).Append('\n');
        }

        var top = tree.Children.ToList();
        foreach (var child in top)
        {
            // Top-level folders print bare, like the plan's "data/", with their contents drawn beneath.
            output.Append(child.Name).Append('/');
            if (child.FileCount > 0)
            {
                output.Append(' ').Append(Counts(child));
            }

            output.Append('\n');
            Render(output, child, string.Empty);
        }

        if (report.Items.Count == 0)
        {
            output.Append("nothing tracked yet\n");
        }
        else
        {
            output.Append("✓ synced  ↑push added, not pushed  ↓missing  ~modified  ?untracked  ✗deleted\n");
        }

        context.Out.Write(output.ToString());
        return CliApp.ExitOk;
    }

    private static void Render(System.Text.StringBuilder output, DataTree node, string indent)
    {
        var children = node.Children.ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            var child = children[i];
            output.Append(indent).Append(last ? "└── " : "├── ").Append(child.Name).Append('/');
            if (child.FileCount > 0)
            {
                output.Append(' ').Append(Counts(child));
            }

            output.Append('\n');
            Render(output, child, indent + (last ? "    " : "│   "));
        }
    }

    private static string Counts(DataTree node) =>
        $"({node.FileCount} file{(node.FileCount == 1 ? "" : "s")}, {SizeFormat.Format(node.Size)}) {Symbols(node.States)}";

    /// <summary>The plan's symbols: ✓ when all synced, otherwise one mark per state present, worst first.</summary>
    internal static string Symbols(IReadOnlyDictionary<EntryState, int> states)
    {
        var marks = new List<string>();
        if (states.ContainsKey(EntryState.Modified))
        {
            marks.Add("~modified");
        }

        if (states.ContainsKey(EntryState.Deleted))
        {
            marks.Add("✗deleted");
        }

        if (states.ContainsKey(EntryState.Missing))
        {
            marks.Add("↓missing");
        }

        if (states.ContainsKey(EntryState.Added))
        {
            marks.Add("↑push");
        }

        if (states.ContainsKey(EntryState.Untracked))
        {
            marks.Add("?untracked");
        }

        return marks.Count == 0 ? "✓" : string.Join(" ", marks);
    }

    private static void WriteFields(Utf8JsonWriter w, DataTree node)
    {
        w.WriteString("path", node.Path);
        w.WriteNumber("files", node.FileCount);
        w.WriteNumber("size", node.Size);
        w.WriteNumber("total_files", node.TotalFileCount);
        w.WriteNumber("total_size", node.TotalSize);
        w.WriteStartObject("states");
        foreach (var (state, count) in node.TotalStates)
        {
            w.WriteNumber(JsonNames.Snake(state), count);
        }

        w.WriteEndObject();
        w.WriteStartArray("children");
        foreach (var c in node.Children)
        {
            w.WriteStartObject();
            WriteFields(w, c);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
