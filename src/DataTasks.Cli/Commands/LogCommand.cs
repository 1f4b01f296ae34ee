using System.Globalization;
using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>
/// log: the commits that changed artifacts.json, newest first, with the entries each added, removed, modified or
/// renamed. <c>log &lt;path&gt;</c> is the history of one entry (or of the entries under a folder): every key it had and when.
/// </summary>
internal static class LogCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var oneline = args.Flag("--oneline");
        var limit = args.IntOption(1, int.MaxValue, "--max-count", "-n");
        var labels = EntryLabelFilter.Parse(args.Options("--tag"), args.Options("--meta"));
        var paths = context.RepositoryPaths(args.Positionals("log"));
        var scope = PathScope.Of(paths);
        var history = await GitHistory.OpenAsync(context.Repository, context.Cancellation).ConfigureAwait(false);

        var commits = new List<ManifestCommit>();
        var count = 0;
        await foreach (var commit in ManifestLog.ReadAsync(history, scope, labels, context.Cancellation).ConfigureAwait(false))
        {
            if (commit.Problem is { } problem)
            {
                context.Warn(new DataTasksException(problem.Code, $"commit {commit.Hash[..7]}: {problem.Message}; its changes are not shown"));
            }

            if (context.Json)
            {
                commits.Add(commit);
            }
            else if (oneline)
            {
                WriteOneline(context, commit, scope.IsAll);
            }
            else
            {
                WriteFull(context, commit, first: count == 0);
            }

            if (++count == limit)
            {
                break;
            }
        }

        // With --tag/--meta, no commit is an answer (none touched such entries), not a path without history.
        if (count == 0 && !scope.IsAll && labels.IsEmpty)
        {
            throw new DataTasksException(ErrorCodes.PathHasNoHistory,
                $"no commit changed '{string.Join("', '", paths)}' in {DataManifest.FileName}; commit the manifest first, or check the path with 'dotnet data status'");
        }

        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("manifest", history.ManifestPath);
                w.WriteStartArray("commits");
                foreach (var commit in commits)
                {
                    WriteJson(w, commit);
                }

                w.WriteEndArray();
            });
        }

        return CliApp.ExitOk;
    }

    private static string Date(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteOneline(CliContext context, ManifestCommit commit, bool wholeManifest)
    {
        if (wholeManifest)
        {
            var counts = $"+{Count(commit, EntryChangeKind.Added)} -{Count(commit, EntryChangeKind.Removed)} ~{Count(commit, EntryChangeKind.Modified)} →{Count(commit, EntryChangeKind.Renamed)}";
            context.Out.WriteLine($"{commit.Hash[..7]} {Date(commit.AuthorDate)} {commit.Subject} ({counts})");
            return;
        }

        // The history of an entry: one line per change, so every key it had is on a line of its own. A commit log
        // --tag/--meta lists for re-annotating an entry has no content change: it gets its subject.
        if (commit.Changes.Count == 0)
        {
            context.Out.WriteLine($"{commit.Hash[..7]} {Date(commit.AuthorDate)} {commit.Subject}");
        }

        foreach (var change in commit.Changes)
        {
            context.Out.WriteLine($"{commit.Hash[..7]} {Date(commit.AuthorDate)} {DiffCommand.FormatChange(change)}");
        }
    }

    private static int Count(ManifestCommit commit, EntryChangeKind kind) => commit.Changes.Count(c => c.Kind == kind);

    private static void WriteFull(CliContext context, ManifestCommit commit, bool first)
    {
        var o = context.Out;
        if (!first)
        {
            o.WriteLine();
        }

        o.WriteLine($"commit {commit.Hash}");
        o.WriteLine($"Author: {commit.AuthorName} <{commit.AuthorEmail}>");
        o.WriteLine($"Date:   {commit.AuthorDate.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}");
        o.WriteLine();
        o.WriteLine($"    {commit.Subject}");
        o.WriteLine();
        foreach (var change in commit.Changes)
        {
            o.WriteLine($"    {DiffCommand.FormatChange(change)}");
        }
    }

    private static void WriteJson(Utf8JsonWriter w, ManifestCommit commit)
    {
        w.WriteStartObject();
        w.WriteString("commit", commit.Hash);
        w.WriteString("author", commit.AuthorName);
        w.WriteString("email", commit.AuthorEmail);
        w.WriteString("date", commit.AuthorDate.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        w.WriteString("subject", commit.Subject);
        if (commit.Problem is not null)
        {
            w.WriteString("problem", commit.Problem.Message);
        }

        w.WriteStartArray("changes");
        foreach (var change in commit.Changes)
        {
            DiffCommand.WriteChange(w, change);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
