using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Commands;

/// <summary>
/// verify: re-hash local files and the machine cache's copies of them and compare them with the manifest; exit 1 on
/// any mismatch, corrupt cached object or file not on disk. verify --remote checks the remote's objects instead.
/// </summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        // Not --remote: that global option names a remote URL.
        var remote = args.Flag("--remote");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var paths = args.Positionals("verify");
        var repoPaths = context.RepositoryPaths(paths);
        var manifest = context.Repository.LoadManifest();
        foreach (var p in repoPaths)
        {
            var one = PathScope.Of([p]);
            if (!manifest.Entries.Any(e => one.Contains(e.Path)))
            {
                throw new DataTasksException(ErrorCodes.PathNotFound, $"'{p}' is not in {Core.Manifest.DataManifest.FileName}");
            }
        }

        if (remote)
        {
            return await RemoteVerifyCommand.RunAsync(context, PathScope.Of(repoPaths), jobs).ConfigureAwait(false);
        }

        var scope = PathScope.Of(repoPaths);
        var items = VerifyOperation.Run(context.Repository, scope, context.Cancellation);
        var bad = items.Where(i => !i.Ok).ToList();
        var present = items.Where(i => i.Present).ToList();
        var missing = items.Count - present.Count;

        // The cache's copies of these entries too: a rotted one would otherwise reach the next clone that pulls.
        var corruptCache = CacheVerifier.Verify(context.Cache, manifest.Entries.Where(e => e.StorageKey is not null && scope.Contains(e.Path)).Select(e => e.StorageKey!), context.Cancellation);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteNumber("verified", present.Count);
                w.WriteNumber("mismatched", bad.Count);
                w.WriteNumber("missing", missing);
                w.WriteNumber("corrupt_cache_objects", corruptCache.Count);
                w.WriteStartArray("entries");
                foreach (var i in items)
                {
                    w.WriteStartObject();
                    w.WriteString("path", i.Path);
                    w.WriteString("result", !i.Present ? "missing" : i.Ok ? "ok" : "mismatch");
                    w.WriteString("expected_key", i.ExpectedKey);
                    w.WriteString("actual_key", i.ActualKey);
                    w.WriteNumber("size", i.Size);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else
        {
            foreach (var i in bad)
            {
                context.Out.WriteLine(i.ActualKey == i.ExpectedKey
                    ? $"mismatch {i.Path} (disk {i.Size} bytes ≠ manifest {i.ExpectedSize} bytes, key {StatusCommand.Short(i.ActualKey)})"
                    : $"mismatch {i.Path} (disk {StatusCommand.Short(i.ActualKey)} ≠ manifest {StatusCommand.Short(i.ExpectedKey)})");
            }

            foreach (var i in items.Where(i => !i.Present))
            {
                context.Out.WriteLine($"missing  {i.Path}");
            }

            if (!context.Quiet)
            {
                context.Out.WriteLine($"verified {Plural.Count(present.Count, "file")} ({SizeFormat.Format(present.Sum(i => i.Size))}): {bad.Count} mismatched, {missing} not on disk");
            }
        }

        foreach (var c in corruptCache)
        {
            context.Fail(new DataTasksException(ErrorCodes.ObjectCorrupt,
                $"cached object {c.Key[..8]}… in {context.Cache.Directory} did not match its key; moved to {c.QuarantinedTo}; the next pull fetches it again"));
        }

        if (bad.Count > 0)
        {
            context.Fail(new DataTasksException(ErrorCodes.VerifyMismatch,
                $"{bad.Count} file{(bad.Count == 1 ? "" : "s")} do not match the manifest; 'dotnet data add' the ones you changed on purpose, delete the others and pull"));
        }

        if (missing > 0)
        {
            context.Fail(new DataTasksException(ErrorCodes.NotOnDisk,
                $"{missing} file{(missing == 1 ? " is" : "s are")} not on disk, so could not be verified; run 'dotnet data pull'"));
        }

        return bad.Count > 0 || missing > 0 || corruptCache.Count > 0 ? CliApp.ExitProblems : CliApp.ExitOk;
    }
}
