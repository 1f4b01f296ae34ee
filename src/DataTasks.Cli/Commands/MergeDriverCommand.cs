using System.Text;
using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Merge;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Commands;

/// <summary>
/// merge-driver: git's custom merge driver for artifacts.json (<c>merge-driver %O %A %B %P</c>, set up by install),
/// and <c>merge-driver --resolve</c> for a merge that already stopped on the manifest without the driver.
/// </summary>
internal static class MergeDriverCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var resolve = args.Flag("--resolve");
        context.Json = args.Flag("--json");
        var positionals = args.Positionals("merge-driver");
        if (resolve)
        {
            if (positionals.Count > 0)
            {
                throw new DataTasksException(ErrorCodes.Usage, "merge-driver --resolve takes no other arguments");
            }

            return await ResolveAsync(context).ConfigureAwait(false);
        }

        if (positionals.Count is < 3 or > 4)
        {
            throw new DataTasksException(ErrorCodes.Usage,
                "usage: dotnet data merge-driver <base> <ours> <theirs> [<path>] (git runs it as '%O %A %B %P'), or merge-driver --resolve");
        }

        var name = positionals.Count == 4 ? positionals[3] : DataManifest.FileName;
        var full = positionals.Take(3).Select(p => Path.GetFullPath(p, context.WorkingDirectory)).ToArray();
        var @base = Read(full[0], $"{name} (merge base)", allowEmpty: true);
        var ours = Read(full[1], $"{name} (ours)", allowEmpty: false);
        var theirs = Read(full[2], $"{name} (theirs)", allowEmpty: false);
        var result = ManifestMerge.Merge(@base, ours, theirs);

        // git reads the merge from %A: ours is replaced atomically, so an interrupted driver leaves ours intact.
        AtomicFile.WriteAllBytes(full[1], Encoding.UTF8.GetBytes(result.Merged.Serialize()));
        return Report(context, result, name, staged: false);
    }

    private static async Task<int> ResolveAsync(CliContext context)
    {
        var repository = context.Repository;
        var ct = context.Cancellation;
        var history = await GitHistory.OpenAsync(repository, ct).ConfigureAwait(false);
        var (@base, ours, theirs) = await ConflictedManifest.ReadStagesAsync(history, ct).ConfigureAwait(false);
        var result = ManifestMerge.Merge(@base, ours, theirs);
        result.Merged.Save(repository.ManifestFile);
        if (result.IsClean)
        {
            // Staging is what marks the path resolved for git, as 'git add' after a hand merge would.
            await GitProcess.RunAsync(history.TopLevel, ["add", "--", history.ManifestPath], ct).ConfigureAwait(false);
        }

        return Report(context, result, DataManifest.FileName, staged: result.IsClean);
    }

    private static DataManifest Read(string file, string displayName, bool allowEmpty)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot read {displayName} at {file}: {ex.Message}", ex);
        }

        // git hands the driver an empty file as the ancestor when the two sides share none.
        if (allowEmpty && bytes.AsSpan().Trim("\r\n\t "u8).IsEmpty)
        {
            return GitHistory.EmptyManifest();
        }

        if (ConflictMarkers.Contains(bytes))
        {
            throw ConflictMarkers.Error(displayName);
        }

        return DataManifest.Parse(bytes, displayName);
    }

    private static int Report(CliContext context, ManifestMergeResult result, string name, bool staged)
    {
        foreach (var conflict in result.Conflicts)
        {
            context.Error.WriteLine($"conflict {conflict.Path}: {string.Join(", ", conflict.Fields)}; ours {Describe(conflict.Ours)}, theirs {Describe(conflict.Theirs)}");
        }

        foreach (var field in result.TopLevelConflicts)
        {
            context.Error.WriteLine($"conflict top-level field '{field}': changed differently on both sides");
        }

        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("manifest", name);
                w.WriteNumber("entries", result.Merged.Count);
                w.WriteBoolean("clean", result.IsClean);
                w.WriteBoolean("staged", staged);
                w.WriteStartArray("conflicts");
                foreach (var conflict in result.Conflicts)
                {
                    w.WriteStartObject();
                    w.WriteString("path", conflict.Path);
                    JsonOutput.WriteStrings(w, "fields", conflict.Fields);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                JsonOutput.WriteStrings(w, "top_level_conflicts", result.TopLevelConflicts);
            });
        }

        if (!result.IsClean)
        {
            var n = result.Conflicts.Count + result.TopLevelConflicts.Count;
            context.Fail(new DataTasksException(ErrorCodes.ManifestMergeConflict,
                $"{name}: {n} {(n == 1 ? "path" : "paths")} changed differently on both sides; the file keeps our side's value for each: " +
                $"choose with 'dotnet data add <path>' or by editing {name}, then 'git add {name}'"));
            return CliApp.ExitProblems;
        }

        if (!context.Quiet && !context.Json)
        {
            var n = result.Merged.Count;
            context.Out.WriteLine($"merged {name}: {Plural.Count(n, "entry")}, no conflicts{(staged ? "; staged it" : string.Empty)}");
        }

        return CliApp.ExitOk;
    }

    private static string Describe(ManifestEntry? entry) => entry switch
    {
        null => "removed",
        { StorageKey: null } => $"not pushed ({SizeFormat.Format(entry.Size)})",
        _ => $"{entry.StorageKey[..8]} ({SizeFormat.Format(entry.Size)})",
    };
}
