using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.Namespaces;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>
/// diff: entry changes between two states. No argument: the working tree against the manifest; <c>&lt;rev&gt;</c>: the
/// manifest committed at rev against the working manifest; <c>a..b</c>: between two commits; <c>a...b</c>: from their
/// merge base to b.
/// </summary>
internal static class DiffCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var ns = args.Option("--extern");
        var positionals = args.Positionals("diff");
        if (positionals.Count > 1)
        {
            throw new DataTasksException(ErrorCodes.Usage, "diff takes at most one revision or range (<rev>, <a>..<b> or <a>...<b>)");
        }

        // --extern: the same diff in a namespace's repository (its own manifest; the same git history).
        var repository = ns is null ? context.Repository : ExportMap.FindRequired(context.WorkingDirectory).Open(ns);
        var ct = context.Cancellation;
        IReadOnlyList<EntryChange> changes;
        string from;
        string to;
        if (positionals.Count == 0)
        {
            (from, to) = (DataManifest.FileName, "working tree");
            changes = WorkingTreeDiff.Compare(repository, repository.LoadManifest(), PathScope.All, ct);
        }
        else
        {
            var history = await GitHistory.OpenAsync(repository, ct).ConfigureAwait(false);
            var spec = positionals[0];
            var threeDots = spec.IndexOf("...", StringComparison.Ordinal);
            var twoDots = spec.IndexOf("..", StringComparison.Ordinal);
            if (twoDots >= 0)
            {
                var dots = threeDots >= 0 ? 3 : 2;
                var at = threeDots >= 0 ? threeDots : twoDots;
                from = at == 0 ? "HEAD" : spec[..at];
                to = at + dots == spec.Length ? "HEAD" : spec[(at + dots)..];
                var a = await history.ResolveCommitAsync(from, ct).ConfigureAwait(false);
                var b = await history.ResolveCommitAsync(to, ct).ConfigureAwait(false);
                if (dots == 3)
                {
                    a = await history.MergeBaseAsync(a, b, ct).ConfigureAwait(false);
                    from = $"merge-base({from}, {to})";
                }

                var before = await ReadOrWarnAsync(context, history, a, from).ConfigureAwait(false);
                var after = await ReadOrWarnAsync(context, history, b, to).ConfigureAwait(false);
                changes = ManifestDiff.Compare(before, after);
            }
            else
            {
                (from, to) = (spec, $"working {DataManifest.FileName}");
                var commit = await history.ResolveCommitAsync(spec, ct).ConfigureAwait(false);
                var before = await ReadOrWarnAsync(context, history, commit, spec).ConfigureAwait(false);
                changes = ManifestDiff.Compare(before, repository.LoadManifest());
            }
        }

        if (context.Json)
        {
            WriteJson(context, from, to, changes);
            return CliApp.ExitOk;
        }

        foreach (var change in changes)
        {
            context.Out.WriteLine(FormatChange(change));
        }

        context.Out.WriteLine(changes.Count == 0 ? $"no changes ({from} → {to})" : $"{Summary(changes)} ({from} → {to})");
        return CliApp.ExitOk;
    }

    /// <summary>
    /// The manifest committed at a revision; one that is not valid there (history cannot be fixed) is a warning DT0508
    /// and compares as empty, so the diff still shows the other side.
    /// </summary>
    private static async Task<DataManifest> ReadOrWarnAsync(CliContext context, GitHistory history, string commit, string name)
    {
        try
        {
            return await history.ReadManifestAtAsync(commit, name, context.Cancellation).ConfigureAwait(false);
        }
        catch (DataTasksException ex) when (ex.Code.StartsWith("DT01", StringComparison.Ordinal))
        {
            context.Warn(new DataTasksException(ErrorCodes.HistoricManifestInvalid,
                $"{DataManifest.FileName} at {name} ({commit[..7]}) is not a valid manifest: {ex.Code}: {ex.Message}; it is compared as an empty manifest"));
            return GitHistory.EmptyManifest();
        }
    }

    /// <summary>"added", "removed", "modified", "renamed".</summary>
    internal static string Name(EntryChangeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>One change as a line: the kind, the path (old → new for a rename), sizes and short keys.</summary>
    internal static string FormatChange(EntryChange c)
    {
        var detail = c.Kind switch
        {
            EntryChangeKind.Added => $"{Size(c.NewSize)}, key {Key(c.NewKey)}",
            EntryChangeKind.Removed => $"{Size(c.OldSize)}, key {Key(c.OldKey)}",
            EntryChangeKind.Renamed => $"{Size(c.NewSize)}, key {Key(c.NewKey)}",
            _ => $"{(c.OldSize == c.NewSize ? Size(c.NewSize) : $"{Size(c.OldSize)} → {Size(c.NewSize)}")}, key {Key(c.OldKey)} → {Key(c.NewKey)}",
        };
        var path = c.Kind == EntryChangeKind.Renamed ? $"{c.OldPath} → {c.Path}" : c.Path;
        return $"{Name(c.Kind),-9} {path} ({detail})";
    }

    /// <summary>"2 added, 1 removed, 0 modified, 1 renamed".</summary>
    internal static string Summary(IReadOnlyList<EntryChange> changes) =>
        string.Join(", ", Enum.GetValues<EntryChangeKind>().Select(k => $"{changes.Count(c => c.Kind == k)} {Name(k)}"));

    /// <summary>The first 8 characters of a key (git-style short form), or "not pushed".</summary>
    internal static string Key(string? key) => key is null ? "not pushed" : key[..8];

    private static string Size(long? size) => size is { } s ? SizeFormat.Format(s) : "?";

    /// <summary>Writes a change as a JSON object.</summary>
    internal static void WriteChange(Utf8JsonWriter w, EntryChange c)
    {
        w.WriteStartObject();
        w.WriteString("change", JsonNames.Snake(c.Kind));
        w.WriteString("path", c.Path);
        if (c.OldPath is not null)
        {
            w.WriteString("old_path", c.OldPath);
        }

        w.WriteString("old_key", c.OldKey);
        w.WriteString("new_key", c.NewKey);
        WriteNumberOrNull(w, "old_size", c.OldSize);
        WriteNumberOrNull(w, "new_size", c.NewSize);
        w.WriteEndObject();
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

    internal static void WriteJson(CliContext context, string from, string to, IReadOnlyList<EntryChange> changes) =>
        JsonOutput.WriteObject(context, w =>
        {
            w.WriteString("from", from);
            w.WriteString("to", to);
            w.WriteStartObject("summary");
            foreach (var kind in Enum.GetValues<EntryChangeKind>())
            {
                w.WriteNumber(JsonNames.Snake(kind), changes.Count(c => c.Kind == kind));
            }

            w.WriteEndObject();
            w.WriteStartArray("changes");
            foreach (var c in changes)
            {
                WriteChange(w, c);
            }

            w.WriteEndArray();
        });
}
