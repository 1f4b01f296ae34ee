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
            return RunCache(context, args, prune);
        }

        var grace = args.Option("--grace");
        var refs = args.Options("--ref");
        var since = args.Option("--since");
        if (args.Positionals("gc") is [var extra, ..])
        {
            throw new DataTasksException(ErrorCodes.Usage, $"gc takes no path ('{extra}'); it looks at the whole remote");
        }

        var repository = context.Repository;
        var config = repository.LoadConfig(context.RemoteOverride);
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
            return CliApp.ExitOk;
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
        }

        context.Out.WriteLine(
            $"remote {remote.DisplayName}: {report.RemoteObjects} objects; {Counted(report.Referenced, report.ReferencedBytes)} referenced by {report.ManifestVersions} manifest versions, " +
            $"{Counted(report.Orphans.Count, report.OrphanBytes)} orphaned, {Counted(report.Young.Count, report.YoungBytes)} within the {GcDuration.Format(options.Grace)} grace period");
        if (report.Orphans.Count > 0)
        {
            context.Out.WriteLine(report.Deleted
                ? $"deleted {Counted(report.Orphans.Count, report.OrphanBytes)}"
                : $"nothing deleted; run 'dotnet data gc --prune' to delete the {Counted(report.Orphans.Count, report.OrphanBytes)} orphaned");
        }

        return CliApp.ExitOk;
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
        };
        var report = MachineCacheCollector.Run(context.Cache, options, context.Cancellation);
        if (context.Json)
        {
            DiffCommand.WriteJson(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("cache", report.Directory);
                w.WriteNumber("objects", report.Objects);
                w.WriteNumber("bytes", report.Bytes);
                w.WriteBoolean("deleted", report.Deleted);
                WriteObjects(w, "evicted", "last_use", report.Evicted.Select(o => (o.Key, o.Size, o.LastUse)));
                w.WriteEndObject();
            });
            return CliApp.ExitOk;
        }

        if (!context.Quiet)
        {
            foreach (var o in report.Evicted)
            {
                context.Out.WriteLine($"{(report.Deleted ? "deleted" : "unused ")}  {o.Key} ({SizeFormat.Format(o.Size)}, last used {Stamp(o.LastUse)})");
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

        return CliApp.ExitOk;
    }

    private static string Counted(int count, long bytes) => $"{count} object{(count == 1 ? "" : "s")} ({SizeFormat.Format(bytes)})";

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static void WriteJson(CliContext context, string remote, GcOptions options, GcReport report) =>
        DiffCommand.WriteJson(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("remote", remote);
            w.WriteString("grace", GcDuration.Format(options.Grace));
            w.WriteBoolean("deleted", report.Deleted);
            w.WriteNumber("objects", report.RemoteObjects);
            w.WriteNumber("referenced", report.Referenced);
            w.WriteNumber("referenced_bytes", report.ReferencedBytes);
            w.WriteNumber("manifest_versions", report.ManifestVersions);
            WriteObjects(w, "orphans", "written", report.Orphans.Select(o => (o.Key, o.Size, o.LastModified)));
            WriteObjects(w, "young", "written", report.Young.Select(o => (o.Key, o.Size, o.LastModified)));
            w.WriteStartArray("warnings");
            foreach (var warning in report.Warnings)
            {
                w.WriteStringValue($"{warning.Code}: {SecretRedactor.Redact(warning.Message)}");
            }

            w.WriteEndArray();
            w.WriteEndObject();
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
