using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>annotate: change the description, tags, inputs and metadata of existing entries.</summary>
internal static class AnnotateCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var strict = args.Flag("--strict");
        var paths = args.Positionals("annotate");
        if (paths.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "annotate needs at least one path; see 'dotnet data annotate --help'");
        }

        var annotation = AnnotationOptions.Read(args, annotate: true);
        var warnings = new List<DataTasksException>();
        var entries = await AnnotateOperation.RunAsync(context.Repository, context.RepositoryPaths(paths), annotation, strict, warnings, context.Cancellation).ConfigureAwait(false);
        warnings.ForEach(context.Warn);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteStartArray("entries");
                foreach (var entry in entries)
                {
                    w.WriteStartObject();
                    EntryJson.WriteFields(w, entry);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("annotated", entries.Count);
            });
        }
        else if (!context.Quiet)
        {
            foreach (var entry in entries)
            {
                context.Line($"annotated {entry.Path}");
            }

            context.Line($"annotated {Plural.Count(entries.Count, "entry")}; commit artifacts.json to share it");
        }

        return CliApp.ExitOk;
    }
}
