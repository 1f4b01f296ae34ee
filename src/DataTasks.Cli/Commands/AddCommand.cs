using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>add: hash files and record them in artifacts.json with storage_key null.</summary>
internal static class AddCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var all = args.Flag("--all", "-A");
        context.Json = args.Flag("--json");
        var paths = args.Positionals("add");
        if (!all && paths.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "add needs a path or --all; see 'dotnet data add --help'");
        }

        var annotation = AnnotationOptions.Read(args, annotate: false);
        var strict = args.Flag("--strict");
        var repoPaths = context.RepositoryPaths(paths);
        var skipped = new List<SkippedFile>();
        var warnings = new List<DataTasksException>();
        var results = await AddOperation.RunAsync(context.Repository, repoPaths, all, context.Cancellation, skipped, context.Cache, warnings, annotation, strict).ConfigureAwait(false);
        foreach (var s in skipped)
        {
            context.Warn(new DataTasksException(ErrorCodes.FileSkipped, s.Message));
        }

        foreach (var w in warnings)
        {
            context.Warn(w);
        }

        var changed = 0;
        var annotated = 0;
        long bytes = 0;
        foreach (var r in results)
        {
            if (r.Change == "unchanged")
            {
                continue;
            }

            if (r.Change == "annotated")
            {
                annotated++;
            }
            else
            {
                changed++;
                bytes += r.Size;
            }

            if (!context.Quiet)
            {
                context.Line(r.Change switch
                {
                    "reverted" => $"{r.Change,-8} {r.Path} ({SizeFormat.Format(r.Size)}, an earlier version this repository knows, recorded on purpose; not pushed)",
                    "annotated" => $"{r.Change,-8} {r.Path} (same content; description, tags, inputs or metadata changed)",
                    _ => $"{r.Change,-8} {r.Path} ({SizeFormat.Format(r.Size)}, not pushed)",
                });
            }
        }

        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                JsonOutput.WriteAddedItems(w, "files", results.Where(r => r.Change != "unchanged"));
                w.WriteNumber("added", changed);
                w.WriteNumber("annotated", annotated);
                w.WriteNumber("bytes", bytes);
            });
        }
        else if (!context.Quiet)
        {
            context.Line((changed, annotated) switch
            {
                (0, 0) => "nothing to add: every named file is already recorded with its current content",
                (0, _) => $"annotated {Plural.Count(annotated, "entry", "entries")}; the content was already recorded",
                (_, 0) => $"added {Plural.Count(changed, "file")} ({SizeFormat.Format(bytes)}); run 'dotnet data push' to upload",
                _ => $"added {Plural.Count(changed, "file")} ({SizeFormat.Format(bytes)}) and annotated {Plural.Count(annotated, "entry", "entries")}; run 'dotnet data push' to upload",
            });
        }

        return CliApp.ExitOk;
    }
}
