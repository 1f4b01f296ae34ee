using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>status: the plan's categories, one line a path.</summary>
internal static class StatusCommand
{
    public static int Run(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var paths = args.Positionals("status");
        var repository = context.Repository;
        var manifest = repository.LoadManifest();
        var scope = PathScope.Of(context.RepositoryPaths(paths));
        var report = StatusOperation.Run(repository, manifest, new WorkingTree(repository), scope, context.Cancellation);
        foreach (var s in report.Skipped)
        {
            context.Warn(new DataTasksException(ErrorCodes.FileSkipped, s.Message));
        }
        if (context.Json)
        {
            WriteJson(context, report);
            return CliApp.ExitOk;
        }

        foreach (var item in report.Items)
        {
            context.Out.WriteLine(FormatLine(item));
        }

        if (report.Items.Count == 0)
        {
            context.Out.WriteLine(repository.HasPatternFile || manifest.Count > 0
                ? "nothing tracked here yet"
                : $"nothing tracked yet; add files with 'dotnet data add <path>' or create a {DataRepository.PatternFileName}");
        }

        return CliApp.ExitOk;
    }

    public static string Name(EntryState state) => state switch
    {
        EntryState.Synced => "synced",
        EntryState.Added => "added",
        EntryState.Modified => "modified",
        EntryState.Missing => "missing",
        EntryState.Untracked => "untracked",
        EntryState.Deleted => "deleted",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string FormatLine(StatusItem item)
    {
        var detail = item.State switch
        {
            EntryState.Synced => $"{SizeFormat.Format(item.Size)}, key: {Short(item.StorageKey)}",
            EntryState.Added => $"{SizeFormat.Format(item.Size)}, not pushed",
            EntryState.Modified => item.StorageKey is null ? "changed since add, not pushed" : "disk hash ≠ manifest key",
            EntryState.Missing => $"not on disk, key: {Short(item.StorageKey)}",
            EntryState.Untracked => $"{SizeFormat.Format(item.Size)}, matches .datapattern, not in manifest",
            EntryState.Deleted => item.StorageKey is null ? "not on disk, never pushed" : "not on disk, no longer matches .datapattern",
            _ => string.Empty,
        };
        return $"{Name(item.State),-8} {item.Path} ({detail})";
    }

    internal static string Short(string? key) => key is null ? "none" : key[..4] + "...";

    private static void WriteJson(CliContext context, StatusReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("root", context.Repository.Root);
            w.WriteStartObject("summary");
            foreach (var state in Enum.GetValues<EntryState>())
            {
                w.WriteNumber(Name(state), report.Count(state));
            }

            w.WriteEndObject();
            w.WriteStartArray("entries");
            foreach (var i in report.Items)
            {
                w.WriteStartObject();
                w.WriteString("path", i.Path);
                w.WriteString("state", Name(i.State));
                w.WriteNumber("size", i.Size);
                w.WriteString("storage_key", i.StorageKey);
                w.WriteString("disk_key", i.DiskKey);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("skipped");
            foreach (var s in report.Skipped)
            {
                w.WriteStartObject();
                w.WriteString("path", s.Path);
                w.WriteString("reason", s.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
