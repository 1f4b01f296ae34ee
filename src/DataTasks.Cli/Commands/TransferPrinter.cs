using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>Prints push and pull results: a line a path as it finishes, then a summary; errors as DT lines on stderr.</summary>
internal static class TransferPrinter
{
    public static string Verb(TransferOutcome outcome) => outcome switch
    {
        TransferOutcome.Uploaded => "uploaded",
        TransferOutcome.AlreadyOnRemote => "exists",
        TransferOutcome.Downloaded => "pulled",
        TransferOutcome.FromCache => "cached",
        TransferOutcome.UpToDate => "ok",
        TransferOutcome.SkippedModified => "skipped",
        TransferOutcome.SkippedNotPushed => "skipped",
        TransferOutcome.WouldTransfer => "would",
        TransferOutcome.WouldSkip => "exists",
        TransferOutcome.Failed => "failed",
        _ => outcome.ToString(),
    };

    /// <summary>Transfer options wired to the live per-path lines and the progress display.</summary>
    public static TransferOptions Options(CliContext context, bool dryRun, int jobs, TransferProgress? progress) => new()
    {
        DryRun = dryRun,
        Jobs = jobs,
        OnPlan = progress is null ? null : progress.Plan,
        OnBytes = progress is null ? null : progress.AddBytes,
        OnItem = LiveLines(context, progress),
    };

    public static Action<TransferItem>? LiveLines(CliContext context, TransferProgress? progress = null)
    {
        if (context.Quiet || context.Json)
        {
            return null;
        }

        var gate = new object();
        return item =>
        {
            progress?.ObjectDone();
            if (item.Outcome == TransferOutcome.Failed)
            {
                return;
            }

            lock (gate)
            {
                progress?.Clear();
                context.Out.WriteLine($"{Verb(item.Outcome),-8} {item.Path} ({SizeFormat.Format(item.Size)}, key: {StatusCommand.Short(item.Key)})");
                context.Out.Flush();
            }
        };
    }

    /// <summary>
    /// Prints what was not printed live and the summary (with --json: the one object, its "items" and whatever
    /// <paramref name="moreJson"/> adds), and returns the exit code.
    /// </summary>
    public static int Finish(CliContext context, TransferReport report, string command, bool dryRun, Action<Utf8JsonWriter>? moreJson = null)
    {
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                WriteItems(w, report);
                moreJson?.Invoke(w);
            });
        }

        return Conclude(context, report, command, dryRun);
    }

    /// <summary>
    /// Everything of <see cref="Finish"/> but the JSON: warnings, the human lines and summary (not with --json), one
    /// error line per distinct failure, and the exit code. For a caller that puts several reports in one JSON object.
    /// </summary>
    public static int Conclude(CliContext context, TransferReport report, string command, bool dryRun)
    {
        foreach (var w in report.Warnings)
        {
            context.Warn(w);
        }

        if (!context.Json)
        {
            foreach (var item in report.Items)
            {
                switch (item.Outcome)
                {
                    case TransferOutcome.WouldTransfer when !context.Quiet:
                        context.Out.WriteLine($"would {(command == "push" ? "upload  " : "download")} {item.Path} ({SizeFormat.Format(item.Size)})");
                        break;
                    case TransferOutcome.WouldSkip when !context.Quiet:
                        context.Out.WriteLine($"exists   {item.Path} ({SizeFormat.Format(item.Size)}, already on the remote)");
                        break;
                    case TransferOutcome.FromCache when dryRun && !context.Quiet:
                        context.Out.WriteLine($"would copy {item.Path} ({SizeFormat.Format(item.Size)}, from the machine cache)");
                        break;
                    case TransferOutcome.SkippedModified:
                        context.Warn(new DataTasksException(ErrorCodes.VerifyMismatch, $"{item.Path} differs from its entry and was not overwritten: its content is in no manifest and not in the machine cache, so replacing it could lose it; if it is your edit, 'dotnet data add {item.Path}' records it, and to take the entry's version move the file away and pull again"));
                        break;
                    case TransferOutcome.SkippedNotPushed:
                        context.Warn(new DataTasksException(ErrorCodes.RemoteObjectMissing, $"{item.Path} was added but never pushed, so there is nothing to pull; push it from the clone that has it"));
                        break;
                }
            }

            if (!context.Quiet)
            {
                context.Out.WriteLine(Summary(report, command, dryRun));
            }
        }

        // One line per distinct error, with the number of files it cost: an outage is one line, not one per file.
        var failures = TransferFailureGroup.Of(report.Items);
        foreach (var group in failures)
        {
            context.Report("error", group.Error, group.Describe(command == "push" ? "pushed" : "pulled"));
        }

        // A failure of the input (no remote, a bad URL or config) is the caller's to fix, per item or not: exit 2.
        return failures.Count == 0 ? CliApp.ExitOk
            : failures.Any(f => f.Error?.IsUsageError == true) ? CliApp.ExitUsage
            : CliApp.ExitProblems;
    }

    private static string Summary(TransferReport report, string command, bool dryRun)
    {
        int Count(params TransferOutcome[] o) => report.Items.Count(i => o.Contains(i.Outcome));
        long Bytes(params TransferOutcome[] o) => report.Items.Where(i => o.Contains(i.Outcome)).Sum(i => i.Size);
        if (command == "push")
        {
            if (dryRun)
            {
                return $"dry run: would upload {Plural.Count(Count(TransferOutcome.WouldTransfer), "file")} ({SizeFormat.Format(Bytes(TransferOutcome.WouldTransfer))}), {Count(TransferOutcome.WouldSkip)} already on the remote";
            }

            return $"pushed {Plural.Count(Count(TransferOutcome.Uploaded), "file")} ({SizeFormat.Format(Bytes(TransferOutcome.Uploaded))}), {Count(TransferOutcome.AlreadyOnRemote)} already on the remote, {Count(TransferOutcome.Failed)} failed";
        }

        if (dryRun)
        {
            return $"dry run: would download {Plural.Count(Count(TransferOutcome.WouldTransfer), "file")} ({SizeFormat.Format(Bytes(TransferOutcome.WouldTransfer))}), copy {Count(TransferOutcome.FromCache)} from the machine cache; {Count(TransferOutcome.UpToDate)} up to date";
        }

        return $"pulled {Plural.Count(Count(TransferOutcome.Downloaded), "file")} ({SizeFormat.Format(Bytes(TransferOutcome.Downloaded))}) from the remote, {Count(TransferOutcome.FromCache)} from the machine cache; {Count(TransferOutcome.UpToDate)} up to date, {Count(TransferOutcome.SkippedModified, TransferOutcome.SkippedNotPushed)} skipped, {Count(TransferOutcome.Failed)} failed";
    }

    /// <summary>The "items" array: one object a path with its outcome in snake_case.</summary>
    public static void WriteItems(Utf8JsonWriter w, TransferReport report)
    {
        w.WriteStartArray("items");
        foreach (var i in report.Items)
        {
            w.WriteStartObject();
            w.WriteString("path", i.Path);
            w.WriteString("outcome", JsonNames.Snake(i.Outcome));
            w.WriteNumber("size", i.Size);
            w.WriteString("storage_key", i.Key);
            if (i.Error is not null)
            {
                w.WriteString("error", JsonOutput.Error(i.Error));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
