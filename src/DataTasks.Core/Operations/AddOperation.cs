using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>What add did to one path.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="Key">The content key it was hashed to.</param>
/// <param name="Size">Its size.</param>
/// <param name="Change">added (new entry), updated (content changed), reverted (an earlier version, named on purpose),
/// annotated (same content, new description, tags, inputs or metadata) or unchanged.</param>
public sealed record AddedItem(string Path, string Key, long Size, string Change);

/// <summary>
/// add: hashes files and records them in the manifest with storage_key null; uploads nothing. Explicit files are added
/// as named; folders and --all add what .datapattern selects and .dataignore does not exclude.
/// </summary>
public static class AddOperation
{
    /// <summary>
    /// Runs add for <paramref name="paths"/> (repository paths of files or folders), or for every untracked and modified
    /// match when <paramref name="all"/>. Files that cannot be tracked (see <see cref="SkippedFile"/>) are left out and
    /// listed in <paramref name="skipped"/>; the rest are added. A non-empty <paramref name="annotation"/> is applied to
    /// every added file, changed or not, in the same manifest update.
    /// </summary>
    public static async Task<IReadOnlyList<AddedItem>> RunAsync(DataRepository repository, IReadOnlyList<string> paths, bool all, CancellationToken cancellationToken, ICollection<SkippedFile>? skipped = null, Storage.MachineCache? cache = null, ICollection<DataTasksException>? warnings = null, EntryAnnotation? annotation = null, bool strict = false)
    {
        var passedOver = new SortedDictionary<string, SkippedFile>(StringComparer.Ordinal);
        var manifest = repository.LoadManifest();
        var tree = new WorkingTree(repository) { LinkedCache = cache };
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        if (all || paths.Any(p => !IsFile(repository, p)))
        {
            if (!repository.HasPatternFile && all)
            {
                throw new DataTasksException(ErrorCodes.NoPatternFile, $"add --all needs a {DataRepository.PatternFileName} at {repository.Root}; create one or name the files to add");
            }
        }

        foreach (var p in paths)
        {
            EnsureAddable(p);
            if (IsFile(repository, p))
            {
                selected.Add(p);
                continue;
            }

            if (!Directory.Exists(repository.FullPathOf(p)))
            {
                throw new DataTasksException(ErrorCodes.PathNotFound, $"'{p}' does not exist");
            }

            var listed = new List<SkippedFile>();
            foreach (var file in tree.EnumerateFiles(PathScope.Of([p]), listed))
            {
                if (!repository.HasPatternFile || repository.Patterns.IsMatch(file))
                {
                    selected.Add(file);
                }
            }

            foreach (var file in listed.Where(f => !manifest.TryGet(f.Path, out _) && (!repository.HasPatternFile || repository.Patterns.IsMatch(f.Path))))
            {
                passedOver[file.Path] = file;
            }
        }

        if (all)
        {
            var report = StatusOperation.Run(repository, manifest, tree, PathScope.All, cancellationToken);
            foreach (var item in report.Items)
            {
                if (item.State is EntryState.Untracked or EntryState.Modified)
                {
                    selected.Add(item.Path);
                }
            }

            foreach (var file in report.Skipped)
            {
                passedOver[file.Path] = file;
            }
        }

        var keys = tree.GetKeys(selected, trustCache: true, cancellationToken);
        var results = new List<AddedItem>();
        var addedState = AddedState.Load(Path.Join(repository.StateDirectory, "added.json"));
        var now = DateTimeOffset.UtcNow;
        foreach (var path in selected)
        {
            if (keys[path] is null && SkippedFile.WhyNotARegularFile(repository.FullPathOf(path), path) is { } why)
            {
                passedOver[path] = new SkippedFile(path, why);
                continue;
            }

            var hashed = keys[path] ?? throw new DataTasksException(ErrorCodes.PathNotFound, $"'{path}' disappeared while it was being added");
            if (manifest.TryGet(path, out var existing))
            {
                var same = existing.StorageKey == hashed.Key ||
                           (existing.StorageKey is null && addedState.TryGet(path, out var rec) && rec.Key == hashed.Key);
                results.Add(new AddedItem(path, hashed.Key, hashed.Size, same ? "unchanged" : "updated"));
            }
            else
            {
                results.Add(new AddedItem(path, hashed.Key, hashed.Size, "added"));
            }
        }

        results = await LeaveOutStaleAsync(repository, manifest, results, paths.Where(p => IsFile(repository, p)).ToHashSet(StringComparer.Ordinal), cache, warnings, cancellationToken).ConfigureAwait(false);
        var changed = results.Where(r => r.Change is not ("unchanged" or "annotated")).ToList();
        var annotated = annotation is { IsEmpty: false } ? results.Select(r => r.Path).ToList() : [];
        if (annotated.Count > 0)
        {
            // Before anything is written: --strict refuses an input that names no entry.
            EntryInputCheck.Run(repository, manifest, annotated, annotation!.AddInputs, strict, warnings);

            // Same content with new metadata is a change the user asked for: say so, and write nothing when the
            // annotation changes no entry (re-running the same add leaves artifacts.json untouched).
            results = [.. results.Select(r => r.Change == "unchanged" && manifest.TryGet(r.Path, out var e) && !EntryMetadataFields.SameFields(e, annotation.ApplyTo(e))
                ? r with { Change = "annotated" }
                : r)];
            annotated = [.. results.Where(r => r.Change != "unchanged").Select(r => r.Path)];
        }

        if (changed.Count > 0 || annotated.Count > 0)
        {
            await ManifestUpdate.ApplyAsync(repository, m =>
            {
                foreach (var r in changed)
                {
                    // created_at records when the path was first added; re-adding new content keeps it and every
                    // other field (description, tags, inputs, metadata, unknown ones), so a content change shows in
                    // git as the storage_key and size lines only.
                    m.Set(m.TryGet(r.Path, out var old)
                        ? old with { StorageKey = null, Size = r.Size }
                        : new ManifestEntry { Path = r.Path, StorageKey = null, Size = r.Size, CreatedAt = now });
                }

                foreach (var path in annotated)
                {
                    if (m.TryGet(path, out var entry))
                    {
                        m.Set(annotation!.ApplyTo(entry));
                    }
                }
            }, (_, added) =>
            {
                foreach (var r in changed)
                {
                    added.Set(r.Path, r.Key, r.Size);
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        tree.Save();
        foreach (var file in passedOver.Values)
        {
            skipped?.Add(file);
        }

        return results;
    }

    /// <summary>
    /// A changed file whose content is a version the repository knows is stale, not edited: a folder or --all leaves it
    /// out (recording it would revert the entry), a file named on its own is recorded as the deliberate revert it is.
    /// </summary>
    private static async Task<List<AddedItem>> LeaveOutStaleAsync(DataRepository repository, DataManifest manifest, List<AddedItem> results, HashSet<string> named, Storage.MachineCache? cache, ICollection<DataTasksException>? warnings, CancellationToken cancellationToken)
    {
        var candidates = results.Where(r => r.Change == "updated" && manifest.TryGet(r.Path, out var e) && e.StorageKey is not null).ToList();
        if (candidates.Count == 0)
        {
            return results;
        }

        var known = await KnownVersions.FindAsync(repository, cache, candidates.Select(r => (r.Key, r.Size)).ToList(), cancellationToken).ConfigureAwait(false);
        var kept = new List<AddedItem>(results.Count);
        foreach (var r in results)
        {
            if (r.Change != "updated" || !known.Contains(r.Key) || !candidates.Contains(r))
            {
                kept.Add(r);
            }
            else if (named.Contains(r.Path))
            {
                kept.Add(r with { Change = "reverted" });
            }
            else
            {
                warnings?.Add(StaleVersion.NotRecorded(r.Path, "added"));
            }
        }

        return kept;
    }

    private static bool IsFile(DataRepository repository, string path) => path.Length > 0 && File.Exists(repository.FullPathOf(path));

    private static void EnsureAddable(string path)
    {
        if (path.Length == 0)
        {
            return;
        }

        EntryPath.EnsureValid(path);
    }
}
