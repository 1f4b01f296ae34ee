using System.Globalization;
using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.Snapshots;
using DataTasks.Core.Text;

namespace DataTasks.Cli.Commands;

/// <summary>
/// snapshot create | list | show | diff | restore | delete: named states of the data, kept as git tags
/// (<c>data/&lt;name&gt;</c>). Like config, the action is the first positional word. diff and restore are in
/// SnapshotCommand.Data.cs.
/// </summary>
internal static partial class SnapshotCommand
{
    /// <summary>The actions, for tab completion.</summary>
    public static readonly string[] Actions = ["create", "list", "show", "diff", "restore", "delete"];

    private const string UsageHint = "see 'dotnet data snapshot --help'";

    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var words = args.Positionals("snapshot");
        var message = args.Option("--message", "-m");
        var force = args.Flag("--force", "-f");
        var dryRun = args.Flag("--dry-run", "-n");
        var jobs = args.IntOption(1, 256, "--jobs", "-j");
        var action = words.Count > 0 ? words[0] : null;
        if (message is not null && action != "create")
        {
            throw Usage("--message is for 'snapshot create'");
        }

        if ((force || dryRun || jobs is not null) && action != "restore")
        {
            throw Usage("--force, --dry-run and --jobs are for 'snapshot restore'");
        }

        var ct = context.Cancellation;
        var store = await SnapshotStore.OpenAsync(context.Repository, SnapshotPrefix.From(context.Config), ct).ConfigureAwait(false);
        return action switch
        {
            null or "list" => await ListAsync(context, store, Exactly(words, action is null ? 0 : 1, "snapshot list [--json]")).ConfigureAwait(false),
            "create" => await CreateAsync(context, store, Exactly(words, 2, "snapshot create <name> [-m <message>] [--json]")[1], message).ConfigureAwait(false),
            "show" => await ShowAsync(context, store, Exactly(words, 2, "snapshot show <name> [--json]")[1]).ConfigureAwait(false),
            "diff" => await DiffAsync(context, store, Between(words, 2, 3, "snapshot diff <a> [<b>] [--json]")).ConfigureAwait(false),
            "restore" => await RestoreAsync(context, store, Between(words, 2, int.MaxValue, "snapshot restore <name> [<path>...] [--force] [--dry-run] [--jobs <N>] [--json]"), force, dryRun, jobs ?? 8).ConfigureAwait(false),
            "delete" => await DeleteAsync(context, store, Exactly(words, 2, "snapshot delete <name> [--json]")[1]).ConfigureAwait(false),
            _ => throw Usage($"'{action}' is not a snapshot action; use create, list, show, diff, restore or delete"),
        };
    }

    private static async Task<int> CreateAsync(CliContext context, SnapshotStore store, string name, string? message)
    {
        var snapshot = await store.CreateAsync(name, message, context.Cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("action", "created");
                WriteFields(w, snapshot);
            });
        }
        else if (!context.Quiet)
        {
            context.Out.WriteLine($"created snapshot {snapshot.Name} (tag {snapshot.Tag} on {snapshot.Commit[..7]}): {Contents(snapshot)}");
            context.Out.WriteLine($"share it with 'git push origin {snapshot.Tag}'");
        }

        return CliApp.ExitOk;
    }

    private static async Task<int> ListAsync(CliContext context, SnapshotStore store, List<string> _)
    {
        var snapshots = await store.ListAsync(context.Warn, context.Cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("prefix", store.Prefix);
                w.WriteStartArray("snapshots");
                foreach (var s in snapshots)
                {
                    w.WriteStartObject();
                    WriteFields(w, s);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return CliApp.ExitOk;
        }

        if (snapshots.Count == 0)
        {
            context.Out.WriteLine($"no snapshots (no tags {store.Prefix}*); 'dotnet data snapshot create <name>' makes one");
            return CliApp.ExitOk;
        }

        var width = snapshots.Max(s => s.Name.Length);
        foreach (var s in snapshots)
        {
            context.Out.WriteLine($"{s.Name.PadRight(width)}  {s.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}  {Contents(s),-24}  {Subject(s.Message)}");
        }

        return CliApp.ExitOk;
    }

    private static async Task<int> ShowAsync(CliContext context, SnapshotStore store, string name)
    {
        var ct = context.Cancellation;
        var snapshot = await store.GetAsync(name, ct).ConfigureAwait(false);
        var manifest = await store.ReadManifestAsync(snapshot, ct).ConfigureAwait(false);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                WriteFields(w, snapshot);
                w.WriteStartArray("entries");
                foreach (var e in manifest.Entries)
                {
                    w.WriteStartObject();
                    w.WriteString("path", e.Path);
                    w.WriteNumber("size", e.Size);
                    w.WriteString("storage_key", e.StorageKey);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return CliApp.ExitOk;
        }

        context.Out.WriteLine($"snapshot {snapshot.Name} (tag {snapshot.Tag})");
        context.Out.WriteLine($"commit   {snapshot.Commit}");
        context.Out.WriteLine($"date     {Date(snapshot)}");
        context.Out.WriteLine($"entries  {Contents(snapshot)}");
        context.Out.WriteLine();
        foreach (var line in snapshot.Message.Split('\n'))
        {
            context.Out.WriteLine(line.Length == 0 ? "" : "    " + line);
        }

        context.Out.WriteLine();
        foreach (var e in manifest.Entries)
        {
            context.Out.WriteLine($"{e.Path} ({SizeFormat.Format(e.Size)}, key {DiffCommand.Key(e.StorageKey)})");
        }

        return CliApp.ExitOk;
    }

    private static async Task<int> DeleteAsync(CliContext context, SnapshotStore store, string name)
    {
        var snapshot = await store.DeleteAsync(name, context.Cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("action", "deleted");
                WriteFields(w, snapshot);
            });
        }
        else if (!context.Quiet)
        {
            context.Out.WriteLine($"deleted snapshot {snapshot.Name} (tag {snapshot.Tag} was {snapshot.Commit[..7]}); a copy pushed to a git remote stays there until 'git push origin :refs/tags/{snapshot.Tag}'");
        }

        return CliApp.ExitOk;
    }

    /// <summary>The fields every snapshot object has in --json (list, show, create, delete).</summary>
    private static void WriteFields(Utf8JsonWriter w, Snapshot s)
    {
        w.WriteString("name", s.Name);
        w.WriteString("tag", s.Tag);
        w.WriteString("commit", s.Commit);
        w.WriteString("date", Date(s));
        w.WriteString("message", s.Message);
        WriteNumberOrNull(w, "entry_count", s.EntryCount);
        WriteNumberOrNull(w, "total_size", s.TotalSize);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, long? value)
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

    private static string Date(Snapshot s) => s.Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>"3 entries, 12.5 MB", or a note when the manifest at the tag is not valid.</summary>
    private static string Contents(Snapshot s) => s.EntryCount is { } count
        ? $"{Plural.Count(count, "entry", "entries")}, {SizeFormat.Format(s.TotalSize ?? 0)}"
        : "invalid manifest";

    private static string Subject(string message) => message.Split('\n', 2)[0];

    private static List<string> Exactly(List<string> words, int count, string form) => Between(words, count, count, form);

    private static List<string> Between(List<string> words, int min, int max, string form) =>
        words.Count >= min && words.Count <= max ? words : throw Usage($"usage: dotnet data {form} (got 'snapshot {string.Join(' ', words)}')");

    private static DataTasksException Usage(string message) => new(ErrorCodes.Usage, $"{message}; {UsageHint}");
}
