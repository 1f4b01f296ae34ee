using DataTasks.Cli.Check;
using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>rm: remove entries from artifacts.json; remote objects are immutable and never deleted.</summary>
internal static class RemoveCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        // --cached is the plan's spelling for "keep the file", which is also the default.
        args.Flag("--cached");
        var delete = args.Flag("--delete");
        var force = args.Flag("--force", "-f");
        context.Json = args.Flag("--json");
        var paths = args.Positionals("rm");
        if (paths.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "rm needs at least one path");
        }

        var repository = context.Repository;
        var before = repository.LoadManifest();
        if (force && !delete)
        {
            throw new DataTasksException(ErrorCodes.Usage, "rm --force only matters with --delete");
        }

        var safety = delete && !force ? new RemoveSafety(context.Cache, context.OpenRemote) : null;
        var result = await RemoveOperation.RunAsync(repository, context.RepositoryPaths(paths), delete, safety, context.Cancellation).ConfigureAwait(false);
        if (result.Refused.Count > 0)
        {
            foreach (var refusal in result.Refused)
            {
                context.Fail(refusal);
            }

            context.Fail(new DataTasksException(ErrorCodes.DeleteWouldLoseContent,
                $"rm --delete refused {result.Refused.Count} file{(result.Refused.Count == 1 ? "" : "s")} whose content exists nowhere else; nothing was removed"));
            WriteJson(context, [], delete, result.Refused.Count);
            return CliApp.ExitProblems;
        }

        var removed = result.Removed;
        if (!context.Quiet)
        {
            foreach (var p in removed)
            {
                context.Line($"removed  {p}{(delete ? " (file deleted)" : string.Empty)}");
            }
        }

        if (removed.Count > 0)
        {
            WarnAboutReferences(context, repository, before, removed);
        }

        WriteJson(context, removed, delete, refused: 0);
        return CliApp.ExitOk;
    }

    /// <summary>With --json, the one object: the entries removed, whether their files went too, and how many were refused.</summary>
    private static void WriteJson(CliContext context, IReadOnlyList<string> removed, bool delete, int refused)
    {
        if (!context.Json)
        {
            return;
        }

        JsonOutput.WriteObject(context, w =>
        {
            JsonOutput.WriteStrings(w, "removed", removed);
            w.WriteBoolean("files_deleted", delete && removed.Count > 0);
            w.WriteNumber("refused", refused);
        });
    }

    /// <summary>
    /// Dependents the removal breaks: resolver calls with a removed path (this repository's code, or other repositories'
    /// through this namespace), and other namespaces' manifests pinning the same content. Warnings only: the entry is
    /// gone either way, and a broken export.json must not make rm fail after the fact.
    /// </summary>
    private static void WarnAboutReferences(CliContext context, DataRepository repository, DataManifest before, IReadOnlyList<string> removed)
    {
        ExportMap? map;
        try
        {
            map = ExportMap.Find(repository.Root);
        }
        catch (DataTasksException ex)
        {
            context.Warn(ex);
            map = null;
        }

        List<ResolveCall> calls;
        try
        {
            calls = CheckRun.CallsTo(repository, removed, repository, map, context.Cancellation);
        }
        catch (DataTasksException ex)
        {
            // A namespace that cannot be opened: the removal stands, the scan is what is lost.
            context.Warn(ex);
            calls = [];
        }

        // DataFolio's warning: entries that list a removed one as an input (here, and in other namespaces as ns:path).
        var after = repository.LoadManifest();
        var dependents = new EntryDependents(after);
        foreach (var path in removed)
        {
            foreach (var dependent in dependents.Of(path))
            {
                context.Warn(new DataTasksException(ErrorCodes.RemovedEntryStillReferenced,
                    $"{path} is an input of {dependent}; 'dotnet data annotate {dependent} --clear inputs' or re-add the input"));
            }
        }

        foreach (var call in calls)
        {
            var where = $"{Path.GetRelativePath(context.WorkingDirectory, call.File).Replace('\\', '/')}:{call.Line}:{call.Column}";
            context.Warn(new DataTasksException(ErrorCodes.RemovedEntryStillReferenced,
                $"{call.Path} is still resolved by code at {where}; that call would now throw DataArtifactNotFoundException"));
        }

        foreach (var name in map?.Names ?? [])
        {
            DataRepository other;
            try
            {
                other = map!.Open(name);
            }
            catch (DataTasksException)
            {
                continue;
            }

            if (other.Root == repository.Root)
            {
                continue;
            }

            var otherManifest = other.LoadManifest();
            var self = map!.NameOf(repository.Root);
            foreach (var path in self is null ? [] : removed)
            {
                foreach (var dependent in EntryDependents.InOther(otherManifest, self!, path))
                {
                    context.Warn(new DataTasksException(ErrorCodes.RemovedEntryStillReferenced,
                        $"{path} is an input of {dependent} in namespace {name} (as {self}:{path})"));
                }
            }

            var byKey = otherManifest.Entries.Where(e => e.StorageKey is not null).ToLookup(e => e.StorageKey!, StringComparer.Ordinal);
            foreach (var path in removed)
            {
                if (before.TryGet(path, out var entry) && entry.StorageKey is { } key && byKey[key].FirstOrDefault() is { } pinned)
                {
                    context.Warn(new DataTasksException(ErrorCodes.RemovedEntryStillReferenced,
                        $"{path}: namespace {name} still pins the same content as {pinned.Path} (key {key[..8]}…); its object stays on the remote"));
                }
            }
        }
    }
}
