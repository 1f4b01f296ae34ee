using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Commands;

/// <summary>
/// unprotect: turns files that the hardlink or symlink link mode made (read-only, sharing the machine cache's object)
/// into private writable copies with the same content, so they can be edited without touching the cache.
/// </summary>
internal static class UnprotectCommand
{
    public static Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var paths = args.Positionals("unprotect");
        if (paths.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "unprotect needs at least one path");
        }

        var repository = context.Repository;
        var manifest = repository.LoadManifest();
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in context.RepositoryPaths(paths))
        {
            var scope = PathScope.Of([path]);
            var entries = manifest.Entries.Where(e => scope.Contains(e.Path)).Select(e => e.Path).ToList();
            if (entries.Count == 0)
            {
                throw new DataTasksException(ErrorCodes.PathNotFound, $"'{path}' names no entry of {Core.Manifest.DataManifest.FileName}; 'dotnet data status' lists what is tracked");
            }

            targets.UnionWith(entries);
        }

        var tree = new WorkingTree(repository);
        var results = new List<(string Path, LinkedFileKind Was)>();
        foreach (var path in targets)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var full = repository.FullPathOf(path);
            var (was, key) = LinkedFile.Unprotect(full, context.Cancellation);
            if (key is not null && FileStat.TryGet(full) is { } stat)
            {
                // The copy was hashed as it was written: the next status need not read it again.
                tree.StatCache.Set(path, stat, key);
            }

            results.Add((path, was));
            if (!context.Quiet)
            {
                context.Line(was switch
                {
                    LinkedFileKind.HardLink => $"unprotected  {path} (was a hard link; now an editable copy)",
                    LinkedFileKind.SymbolicLink => $"unprotected  {path} (was a symbolic link; now an editable copy)",
                    LinkedFileKind.ReadOnlyCopy => $"unprotected  {path} (was read-only; now an editable copy)",
                    LinkedFileKind.EditableCopy => $"note: {path} is already an editable copy; nothing to do",
                    _ => $"note: {path} is not on disk; 'dotnet data pull' it first",
                });
            }
        }

        tree.Save();
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteStartArray("files");
                foreach (var (path, was) in results)
                {
                    w.WriteStartObject();
                    w.WriteString("path", path);
                    w.WriteString("was", was switch
                    {
                        LinkedFileKind.HardLink => "hard_link",
                        LinkedFileKind.SymbolicLink => "symbolic_link",
                        LinkedFileKind.ReadOnlyCopy => "read_only_copy",
                        LinkedFileKind.EditableCopy => "editable_copy",
                        _ => "missing",
                    });
                    w.WriteBoolean("changed", was is LinkedFileKind.HardLink or LinkedFileKind.SymbolicLink or LinkedFileKind.ReadOnlyCopy);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        return Task.FromResult(CliApp.ExitOk);
    }
}
