using System.Globalization;
using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Commands;

/// <summary>
/// gc: lists the remote objects no manifest references (and, with --prune, deletes them); gc --cache does the same for
/// the machine cache by age and size.
/// </summary>
internal static class GcCommand
{
    private static readonly TimeSpan DefaultCacheAge = TimeSpan.FromDays(30);

    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var prune = args.Flag("--prune");
        if (args.Flag("--cache"))
        {
            return args.Flag("--verify") ? VerifyCache(context, args, prune) : RunCache(context, args, prune);
        }

        var grace = args.Option("--grace");
        var refs = args.Options("--ref");
        var since = args.Option("--since");
        if (args.Positionals("gc") is [var extra, ..])
        {
            throw new DataTasksException(ErrorCodes.Usage, $"gc takes no path ('{extra}'); it looks at the whole remote");
        }

        var repository = context.Repository;
        var config = Core.Config.DataTasksConfig.From(context.Config, context.RemoteOverride);
        var now = DateTimeOffset.UtcNow;
        var options = new GcOptions
        {
            Prune = prune,
            Now = now,
            Grace = grace is null ? GcOptions.ConfiguredGrace(config) : GcDuration.Parse(grace, "--grace"),
            Scope = new ReferenceScope(refs, since is null ? null : GcDuration.ParseSince(since, now)),
        };

        await using var remote = context.OpenRemote();
        var report = await GcOperation.RunAsync(repository, remote, options, context.Cancellation).ConfigureAwait(false);
        foreach (var warning in report.Warnings)
        {
            context.Warn(warning);
        }

        if (context.Json)
        {
            WriteJson(context, remote.DisplayName, options, report);
            return ReportNotDeleted(context, remote.DisplayName, report.NotDeleted);
        }

        if (!context.Quiet)
        {
            foreach (var o in report.Orphans)
            {
                context.Out.WriteLine($"{(report.Deleted ? "deleted" : "orphan ")}  {o.Key} ({SizeFormat.Format(o.Size)}, written {Stamp(o.LastModified)})");
            }

            foreach (var o in report.Young)
            {
                context.Out.WriteLine($"young    {o.Key} ({SizeFormat.Format(o.Size)}, written {Stamp(o.LastModified)}, kept: within the {GcDuration.Format(options.Grace)} grace period)");
            }

            foreach (var o in report.Leftovers)
            {
                context.Out.WriteLine($"temp     {o.Key} ({SizeFormat.Format(o.Size)}, left by an interrupted upload, idle since {Stamp(o.LastModified)}{(report.Deleted ? ", deleted" : string.Empty)})");
            }
        }

        context.Out.WriteLine(
            $"remote {remote.DisplayName}: {Plural.Count(report.RemoteObjects, "object")}; {Counted(report.Referenced, report.ReferencedBytes)} referenced by {Plural.Count(report.ManifestVersions, "manifest version")}, " +
            $"{Counted(report.Orphans.Count, report.OrphanBytes)} orphaned, {Counted(report.Young.Count, report.YoungBytes)} within the {GcDuration.Format(options.Grace)} grace period");
        var deletedOrphans = report.Orphans.Where(o => !report.NotDeleted.Contains(o)).ToList();
        if (report.Orphans.Count > 0)
        {
            context.Out.WriteLine(report.Deleted
                ? $"deleted {Counted(deletedOrphans.Count, deletedOrphans.Sum(o => o.Size))}"
                : $"nothing deleted; run 'dotnet data gc --prune' to delete the {Counted(report.Orphans.Count, report.OrphanBytes)} orphaned");
        }

        if (report.Leftovers.Count > 0 && !report.Deleted)
        {
            context.Out.WriteLine($"{report.Leftovers.Count} temp file{(report.Leftovers.Count == 1 ? "" : "s")} of interrupted uploads ({SizeFormat.Format(report.Leftovers.Sum(o => o.Size))}); 'dotnet data gc --prune' deletes them");
        }

        return ReportNotDeleted(context, remote.DisplayName, report.NotDeleted);
    }

    /// <summary>One error per object gc --prune could not delete, then the count; exit 1 when there are any.</summary>
    private static int ReportNotDeleted(CliContext context, string remote, IReadOnlyList<Core.Remotes.RemoteObject> notDeleted)
    {
        if (notDeleted.Count == 0)
        {
            return CliApp.ExitOk;
        }

        foreach (var o in notDeleted)
        {
            context.Fail(new DataTasksException(ErrorCodes.GcDeleteFailed, $"could not delete {o.Key} ({SizeFormat.Format(o.Size)}) from remote {remote}; it is still there"));
        }

        context.Fail(new DataTasksException(ErrorCodes.GcDeleteFailed,
            $"{Counted(notDeleted.Count, notDeleted.Sum(o => o.Size))} could not be deleted from remote {remote}; check that it is writable (permissions, a read-only mount, bucket policy allowing s3:DeleteObject) and run gc --prune again"));
        return CliApp.ExitProblems;
    }

    private static int VerifyCache(CliContext context, ArgumentReader args, bool prune)
    {
        if (prune || args.Option("--max-age") is not null || args.Option("--max-size") is not null)
        {
            throw new DataTasksException(ErrorCodes.Usage, "gc --cache --verify checks objects and takes no --prune, --max-age or --max-size; run those separately");
        }

        if (args.Positionals("gc") is [var extra, ..])
        {
            throw new DataTasksException(ErrorCodes.Usage, $"gc --cache --verify takes no path ('{extra}')");
        }

        var cache = context.Cache;
        var keys = CacheVerifier.AllKeys(cache);
        var corrupt = CacheVerifier.Verify(cache, keys, context.Cancellation);
        foreach (var c in corrupt)
        {
            context.Fail(new DataTasksException(ErrorCodes.ObjectCorrupt,
                $"cached object {c.Key} did not match its key; moved to {c.QuarantinedTo}; pull fetches it again when it is needed"));
        }

        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("cache", cache.Directory);
                w.WriteNumber("verified", keys.Count);
                w.WriteStartArray("corrupt");
                foreach (var c in corrupt)
                {
                    w.WriteStartObject();
                    w.WriteString("key", c.Key);
                    w.WriteString("quarantined_to", c.QuarantinedTo);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else
        {
            context.Out.WriteLine($"machine cache {cache.Directory}: verified {keys.Count} object{(keys.Count == 1 ? "" : "s")}, {corrupt.Count} corrupt (quarantined)");
        }

        return corrupt.Count > 0 ? CliApp.ExitProblems : CliApp.ExitOk;
    }

    private static int RunCache(CliContext context, ArgumentReader args, bool prune)
    {
        var maxAge = args.Option("--max-age");
        var maxSize = args.Option("--max-size");
        if (args.Positionals("gc") is [var extra, ..])
        {
            throw new DataTasksException(ErrorCodes.Usage, $"gc --cache takes no path ('{extra}')");
        }
        var options = new CacheGcOptions
        {
            Prune = prune,
            MaxAge = maxAge is not null ? GcDuration.Parse(maxAge, "--max-age") : maxSize is null ? DefaultCacheAge : null,
            MaxBytes = maxSize is null ? null : GcByteSize.Parse(maxSize, "--max-size"),
            Trees = context.RepositoryRootOrNull() is { } root ? [root] : [],
        };
        var report = MachineCacheCollector.Run(context.Cache, options, context.Cancellation);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("cache", report.Directory);
                w.WriteNumber("objects", report.Objects);
                w.WriteNumber("bytes", report.Bytes);
                w.WriteBoolean("deleted", report.Deleted);
                WriteObjects(w, "evicted", "last_use", report.Evicted.Select(o => (o.Key, o.Size, o.LastUse)));
                w.WriteStartArray("kept_linked");
                foreach (var k in report.Kept)
                {
                    w.WriteStartObject();
                    w.WriteString("key", k.Object.Key);
                    w.WriteNumber("size", k.Object.Size);
                    w.WriteString("last_use", Stamp(k.Object.LastUse));
                    w.WriteString("linked_from", k.LinkedFrom);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return CliApp.ExitOk;
        }

        if (!context.Quiet)
        {
            foreach (var o in report.Evicted)
            {
                context.Out.WriteLine($"{(report.Deleted ? "deleted" : "unused ")}  {o.Key} ({SizeFormat.Format(o.Size)}, last used {Stamp(o.LastUse)})");
            }

            foreach (var k in report.Kept)
            {
                context.Out.WriteLine($"linked   {k.Object.Key} ({SizeFormat.Format(k.Object.Size)}, last used {Stamp(k.Object.LastUse)}, kept: {k.LinkedFrom})");
            }
        }

        var rule = string.Join(" or ", new[]
        {
            options.MaxAge is { } age ? $"unused for {GcDuration.Format(age)}" : null,
            options.MaxBytes is { } bytes ? $"over the {SizeFormat.Format(bytes)} budget" : null,
        }.Where(s => s is not null));
        context.Out.WriteLine($"machine cache {report.Directory}: {Counted(report.Objects, report.Bytes)}; {Counted(report.Evicted.Count, report.EvictedBytes)} {rule}");
        if (report.Evicted.Count > 0)
        {
            context.Out.WriteLine(report.Deleted
                ? $"deleted {Counted(report.Evicted.Count, report.EvictedBytes)} (pull fetches them again when needed)"
                : "nothing deleted; add --prune to delete them");
        }

        if (report.Kept.Count > 0)
        {
            var keptBytes = report.Kept.Sum(k => k.Object.Size);
            context.Out.WriteLine($"kept {Counted(report.Kept.Count, keptBytes)} still linked from a tree; 'dotnet data unprotect' there (or delete the files) to let gc free them");
        }

        return CliApp.ExitOk;
    }

    private static string Counted(int count, long bytes) => $"{count} object{(count == 1 ? "" : "s")} ({SizeFormat.Format(bytes)})";

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static void WriteJson(CliContext context, string remote, GcOptions options, GcReport report) =>
        JsonOutput.WriteObject(context, w =>
        {
            w.WriteString("remote", remote);
            w.WriteString("grace", GcDuration.Format(options.Grace));
            w.WriteBoolean("deleted", report.Deleted);
            w.WriteNumber("objects", report.RemoteObjects);
            w.WriteNumber("referenced", report.Referenced);
            w.WriteNumber("referenced_bytes", report.ReferencedBytes);
            w.WriteNumber("manifest_versions", report.ManifestVersions);
            WriteObjects(w, "orphans", "written", report.Orphans.Select(o => (o.Key, o.Size, o.LastModified)));
            WriteObjects(w, "young", "written", report.Young.Select(o => (o.Key, o.Size, o.LastModified)));
            WriteObjects(w, "temp_files", "idle_since", report.Leftovers.Select(o => (o.Key, o.Size, o.LastModified)));
            WriteObjects(w, "not_deleted", "written", report.NotDeleted.Select(o => (o.Key, o.Size, o.LastModified)));
            w.WriteStartArray("warnings");
            foreach (var warning in report.Warnings)
            {
                w.WriteStringValue($"{warning.Code}: {SecretRedactor.Redact(warning.Message)}");
            }

            w.WriteEndArray();
        });

    private static void WriteObjects(Utf8JsonWriter w, string name, string timeName, IEnumerable<(string Key, long Size, DateTimeOffset Time)> objects)
    {
        w.WriteStartArray(name);
        foreach (var (key, size, time) in objects)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteNumber("size", size);
            w.WriteString(timeName, Stamp(time));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
