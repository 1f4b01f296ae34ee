using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Text;

namespace DataTasks.Cli.Commands;

/// <summary>describe: a repository's entries with their description, tags, inputs, dependents and metadata, by folder.</summary>
internal static class DescribeCommand
{
    public static Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var tags = EntryTag.Normalize(args.Options("--tag"));
        var maxFields = args.IntOption(0, 1000, "--max-fields") ?? DescribeOperation.DefaultMaxFields;
        var repository = context.Repository;
        var paths = context.RepositoryPaths(args.Positionals("describe"));
        var report = DescribeOperation.Run(repository.LoadManifest(), paths, tags, maxFields, context.Cancellation);
        if (context.Json)
        {
            WriteJson(context, report);
        }
        else if (!context.Quiet)
        {
            WriteText(context, repository, report);
        }

        return Task.FromResult(CliApp.ExitOk);
    }

    private static void WriteText(CliContext context, DataRepository repository, DescribeReport report)
    {
        var tagText = report.TagCounts.Count == 0 ? "no tags" : "tags: " + string.Join(", ", report.TagCounts.Select(t => $"{t.Key} ({t.Value})"));
        Show(context, $"{repository.Root}: {Plural.Count(report.Count, "entry", "entries")}, {SizeFormat.Format(report.Bytes)}, {report.NotPushed} not pushed, {report.Described} described; {tagText}");
        foreach (var folder in report.Folders)
        {
            Show(context, "");
            Show(context, folder.Folder.Length == 0 ? "./" : folder.Folder + "/");
            foreach (var d in folder.Entries)
            {
                var e = d.Entry;
                var name = folder.Folder.Length == 0 ? e.Path : e.Path[(folder.Folder.Length + 1)..];
                Show(context, e.Description is null ? $"  {name}" : $"  {name}  {e.Description}");
                Show(context, $"    {SizeFormat.Format(e.Size)} · {DataManifest.FormatTimestamp(e.CreatedAt)} · {e.ShortKey ?? "----"} · {d.Status.Replace('_', ' ')}");
                if (e.Tags.Count > 0)
                {
                    Show(context, $"    tags: {string.Join(", ", e.Tags)}");
                }

                if (e.Inputs.Count > 0)
                {
                    Show(context, $"    inputs: {string.Join(", ", e.Inputs)}");
                }

                if (d.Dependents.Count > 0)
                {
                    Show(context, $"    dependents: {string.Join(", ", d.Dependents)}");
                }

                if (d.Metadata.Count > 0 || d.MetadataLeftOut > 0)
                {
                    var shown = string.Join(", ", d.Metadata.Select(p => $"{p.Key}={EntryJson.Compact(p.Value)}"));
                    var more = d.MetadataLeftOut > 0 ? $"{(shown.Length > 0 ? " " : "")}… and {d.MetadataLeftOut} more" : "";
                    Show(context, $"    metadata: {shown}{more}");
                }
            }
        }
    }

    // Descriptions, tags and metadata are whatever the manifest's committers wrote: shown, never obeyed.
    private static void Show(CliContext context, string line) => context.Line(TerminalText.OneLine(line));

    private static void WriteJson(CliContext context, DescribeReport report) =>
        JsonOutput.WriteObject(context, w =>
        {
            w.WriteNumber("count", report.Count);
            w.WriteNumber("bytes", report.Bytes);
            w.WriteNumber("not_pushed", report.NotPushed);
            w.WriteNumber("described", report.Described);
            w.WriteStartObject("tags");
            foreach (var (tag, n) in report.TagCounts)
            {
                w.WriteNumber(tag, n);
            }

            w.WriteEndObject();
            w.WriteStartArray("folders");
            foreach (var folder in report.Folders)
            {
                w.WriteStartObject();
                w.WriteString("folder", folder.Folder);
                w.WriteStartArray("entries");
                foreach (var d in folder.Entries)
                {
                    w.WriteStartObject();
                    EntryJson.WriteFields(w, d.Entry, d.Metadata);
                    w.WriteNumber("metadata_left_out", d.MetadataLeftOut);
                    w.WriteString("status", d.Status);
                    JsonOutput.WriteStrings(w, "dependents", d.Dependents);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
}
