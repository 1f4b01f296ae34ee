using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Text;

namespace DataTasks.Cli.Commands;

/// <summary>find: search entries of this repository and of export.json's namespaces.</summary>
internal static class FindCommand
{
    public static Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var positionals = args.Positionals("find");
        if (positionals.Count > 1)
        {
            throw new DataTasksException(ErrorCodes.Usage, "find takes at most one glob or text; quote a glob so the shell does not expand it");
        }

        var query = new FindQuery
        {
            Text = positionals.FirstOrDefault(),
            InDescription = args.Flag("--desc"),
            Tags = EntryTag.Normalize(args.Options("--tag")),
            Metadata = [.. args.Options("--meta").Select(EntryMetaArgument.Parse)],
        };
        var found = FindOperation.Run(context.Repository, query, args.Options("--extern"), args.Flag("--all"), context.Cancellation);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteStartArray("entries");
                foreach (var f in found)
                {
                    w.WriteStartObject();
                    if (f.Namespace is null)
                    {
                        w.WriteNull("namespace");
                    }
                    else
                    {
                        w.WriteString("namespace", f.Namespace);
                    }

                    w.WriteString("reference", f.Reference);
                    EntryJson.WriteFields(w, f.Entry);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("count", found.Count);
            });
        }
        else if (!context.Quiet)
        {
            foreach (var f in found)
            {
                var tags = f.Entry.Tags.Count == 0 ? "" : $"  [{string.Join(", ", f.Entry.Tags)}]";
                var description = f.Entry.Description is null ? "" : $"  {f.Entry.Description}";
                context.Line(TerminalText.OneLine($"{f.Reference}{description}{tags}"));
            }

            if (found.Count == 0)
            {
                context.Error.WriteLine("no entry matches");
            }
        }

        return Task.FromResult(CliApp.ExitOk);
    }
}
