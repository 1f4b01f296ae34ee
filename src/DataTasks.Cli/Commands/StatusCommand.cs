using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Merge;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>status: the plan's categories, one line a path.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var checkRemote = args.Flag("--remote");
        var paths = args.Positionals("status");
        var repository = context.Repository;
        DataManifest manifest;
        try
        {
            manifest = repository.LoadManifest();
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.ManifestHasConflictMarkers)
        {
            await ListConflictsAsync(context, repository).ConfigureAwait(false);
            throw;
        }

        var scope = PathScope.Of(context.RepositoryPaths(paths));
        var report = await StatusOperation.RunAsync(repository, manifest, new WorkingTree(repository) { LinkedCache = context.Cache }, scope, context.Cache, context.Cancellation).ConfigureAwait(false);
        foreach (var s in report.Skipped)
        {
            context.Warn(new DataTasksException(ErrorCodes.FileSkipped, s.Message));
        }
        var notOnRemote = checkRemote ? await FindNotOnRemoteAsync(context, report).ConfigureAwait(false) : null;
        var exit = notOnRemote is { Count: > 0 } ? CliApp.ExitProblems : CliApp.ExitOk;
        var link = context.Verbose ? LinkInUse.Probe(context, repository) : null;
        if (context.Json)
        {
            WriteJson(context, report, notOnRemote, link);
            return exit;
        }

        foreach (var item in report.Items)
        {
            WriteLine(context.Out, item, notOnRemote is not null && notOnRemote.Contains(item.Path));
        }

        if (notOnRemote is { Count: > 0 })
        {
            var n = notOnRemote.Count;
            context.Fail(new DataTasksException(ErrorCodes.RemoteObjectMissing,
                $"{n} {(n == 1 ? "entry's" : "entries'")} content is not on the remote, so no other clone can pull {(n == 1 ? "it" : "them")}; " +
                "push from a clone that has the files ('dotnet data push --repair <path>' re-uploads a verified local copy)"));
        }

        if (report.Items.Count == 0)
        {
            context.Out.WriteLine(repository.HasPatternFile || manifest.Count > 0
                ? "nothing tracked here yet"
                : $"nothing tracked yet; add files with 'dotnet data add <path>' or create a {DataRepository.PatternFileName}");
        }

        if (link is not null)
        {
            context.Out.WriteLine(LinkInUse.Line(link));
        }

        return exit;
    }

    /// <summary>The synced and missing entries whose keys the remote lacks, asked in one batch.</summary>
    private static async Task<HashSet<string>> FindNotOnRemoteAsync(CliContext context, StatusReport report)
    {
        var candidates = report.Items.Where(i => i.State is EntryState.Synced or EntryState.Missing && i.StorageKey is not null).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        await using var remote = context.OpenRemote();
        var existing = await remote.FindExistingAsync(candidates.Select(i => i.StorageKey!).ToHashSet(StringComparer.Ordinal), context.Cancellation).ConfigureAwait(false);
        return candidates.Where(i => !existing.Contains(i.StorageKey!)).Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
    }

    public static string Name(EntryState state) => state switch
    {
        EntryState.Synced => "synced",
        EntryState.Added => "added",
        EntryState.Modified => "modified",
        EntryState.Missing => "missing",
        EntryState.Untracked => "untracked",
        EntryState.Deleted => "deleted",
        EntryState.Stale => "stale",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Writes <see cref="FormatLine"/>'s line (with ", not on remote" before its closing parenthesis when
    /// <paramref name="notOnRemote"/>) in pieces: at 100,000 synced files, no line or detail string is made.
    /// </summary>
    private static void WriteLine(TextWriter w, StatusItem item, bool notOnRemote)
    {
        if (item.State != EntryState.Synced || item.StorageKey is null)
        {
            var line = FormatLine(item);
            w.WriteLine(notOnRemote ? line[..^1] + ", not on remote)" : line);
            return;
        }

        w.Write("synced   ");
        w.Write(item.Path);
        w.Write(" (");
        w.Write(SizeFormat.Format(item.Size));
        w.Write(", key: ");
        w.Write(item.StorageKey.AsSpan(0, 4));
        w.Write(notOnRemote ? "..., not on remote)" : "...)");
        w.WriteLine();
    }

    public static string FormatLine(StatusItem item)
    {
        var detail = item.State switch
        {
            EntryState.Synced => $"{SizeFormat.Format(item.Size)}, key: {Short(item.StorageKey)}",
            EntryState.Added => $"{SizeFormat.Format(item.Size)}, not pushed",
            EntryState.Modified => item.StorageKey is null ? "changed since add, not pushed" : "disk hash ≠ manifest key",
            EntryState.Missing => $"not on disk, key: {Short(item.StorageKey)}",
            EntryState.Untracked => $"{SizeFormat.Format(item.Size)}, matches .datapattern, not in manifest",
            EntryState.Stale => $"an earlier or another branch's version, key: {Short(item.DiskKey)}; 'dotnet data pull' updates it",
            EntryState.Deleted => "not on disk, never pushed",
            _ => string.Empty,
        };
        return $"{Name(item.State),-8} {item.Path} ({detail})";
    }

    /// <summary>A conflicted manifest cannot be read, but git's index still says which paths conflict: list them.</summary>
    private static async Task ListConflictsAsync(CliContext context, DataRepository repository)
    {
        try
        {
            var history = await GitHistory.OpenAsync(repository, context.Cancellation).ConfigureAwait(false);
            var (@base, ours, theirs) = await ConflictedManifest.ReadStagesAsync(history, context.Cancellation).ConfigureAwait(false);
            foreach (var conflict in ManifestMerge.Merge(@base, ours, theirs).Conflicts)
            {
                context.Line($"{"conflict",-8} {conflict.Path} (changed on both sides: ours {Short(conflict.Ours?.StorageKey)}, theirs {Short(conflict.Theirs?.StorageKey)})");
            }
        }
        catch (DataTasksException)
        {
            // Markers without an unmerged index (a file committed with them): the error that follows says what to do.
        }
    }

    internal static string Short(string? key) => key is null ? "none" : key[..4] + "...";

    private static void WriteJson(CliContext context, StatusReport report, HashSet<string>? notOnRemote, Core.Storage.LinkProbe? link) =>
        JsonOutput.WriteObject(context, w =>
        {
            w.WriteString("root", context.Repository.Root);
            if (link is not null)
            {
                LinkInUse.Write(w, link);
            }

            w.WriteStartObject("summary");
            foreach (var state in Enum.GetValues<EntryState>())
            {
                w.WriteNumber(JsonNames.Snake(state), report.Count(state));
            }

            w.WriteEndObject();
            w.WriteStartArray("entries");
            foreach (var i in report.Items)
            {
                w.WriteStartObject();
                w.WriteString("path", i.Path);
                w.WriteString("state", JsonNames.Snake(i.State));
                w.WriteNumber("size", i.Size);
                w.WriteString("storage_key", i.StorageKey);
                w.WriteString("disk_key", i.DiskKey);
                if (notOnRemote is not null && i.State is EntryState.Synced or EntryState.Missing && i.StorageKey is not null)
                {
                    w.WriteBoolean("on_remote", !notOnRemote.Contains(i.Path));
                }

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
        });
}
