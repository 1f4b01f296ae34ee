using System.Globalization;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Snapshots;

/// <summary>
/// Snapshots as git tags under a prefix: listed with <c>git for-each-ref</c>, made with <c>git tag -a</c>, removed
/// with <c>git tag -d</c>. Nothing is stored besides the tags, so a clone that fetched the tags has the snapshots, and
/// gc (which keeps what every tag references) keeps their data.
/// </summary>
public sealed class SnapshotStore
{
    private const string TagsRef = "refs/tags/";

    private SnapshotStore(GitHistory history, string prefix)
    {
        History = history;
        Prefix = prefix;
    }

    /// <summary>The git repository the tags live in.</summary>
    public GitHistory History { get; }

    /// <summary>What every snapshot tag starts with (<c>data/</c>).</summary>
    public string Prefix { get; }

    private string Root => History.Repository.Root;

    /// <summary>Opens the store of <paramref name="repository"/>'s git repository; DT0501 outside a git work tree.</summary>
    public static async Task<SnapshotStore> OpenAsync(DataRepository repository, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(prefix);
        var history = await GitHistory.OpenAsync(repository, cancellationToken).ConfigureAwait(false);
        return new SnapshotStore(history, prefix);
    }

    /// <summary>The tag that holds snapshot <paramref name="name"/>.</summary>
    public string TagOf(string name) => Prefix + name;

    /// <summary>
    /// Every snapshot, oldest first (by date, then name). A tag whose manifest is not valid is listed without counts,
    /// and <paramref name="warn"/> hears a DT0508 for it.
    /// </summary>
    public Task<IReadOnlyList<Snapshot>> ListAsync(Action<DataTasksException>? warn, CancellationToken cancellationToken) =>
        ReadTagsAsync(TagsRef, exactTag: null, warn, cancellationToken);

    /// <summary>The snapshot called <paramref name="name"/>; DT0530 for a name git refuses, DT0532 when there is none.</summary>
    public async Task<Snapshot> GetAsync(string name, CancellationToken cancellationToken)
    {
        var found = await FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        var names = (await ListAsync(null, cancellationToken).ConfigureAwait(false)).Select(s => s.Name).ToList();
        var known = names.Count == 0 ? "there are no snapshots yet ('dotnet data snapshot create <name>' makes one)" : $"there are: {string.Join(", ", names.Take(10))}{(names.Count > 10 ? ", …" : "")}";
        throw new DataTasksException(ErrorCodes.SnapshotNotFound, $"no snapshot '{EntryPath.Printable(name)}' (no tag {EntryPath.Printable(TagOf(name))}); {known}");
    }

    /// <summary>The snapshot called <paramref name="name"/>, or null; DT0530 for a name git refuses.</summary>
    public async Task<Snapshot?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await SnapshotName.ValidateAsync(Root, Prefix, name, cancellationToken).ConfigureAwait(false);
        var tag = TagOf(name);
        var found = await ReadTagsAsync(TagsRef + tag, tag, warn: null, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The manifest the snapshot holds, as committed at its tag.</summary>
    public Task<DataManifest> ReadManifestAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return History.ReadManifestAtAsync(snapshot.Commit, $"snapshot {snapshot.Name}", cancellationToken);
    }

    /// <summary>
    /// Tags HEAD as snapshot <paramref name="name"/> with an annotated tag. Refused (nothing is written) for a bad or
    /// taken name, while artifacts.json differs from HEAD's (DT0533), and while HEAD's manifest has entries never
    /// pushed (DT0534): a snapshot must be restorable from the remote on any clone.
    /// </summary>
    public async Task<Snapshot> CreateAsync(string name, string? message, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw Exists(existing);
        }

        var manifest = await SnapshotReadiness.CheckAsync(History, cancellationToken).ConfigureAwait(false);
        var tag = TagOf(name);
        var text = string.IsNullOrWhiteSpace(message) ? $"snapshot {name}: {manifest.Count} entries" : message;
        var result = await GitProcess.TryRunAsync(Root, ["tag", "-a", "-m", text, "--end-of-options", tag, "HEAD"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            // Another process may have made the same tag since the check above.
            if (await FindAsync(name, cancellationToken).ConfigureAwait(false) is { } raced)
            {
                throw Exists(raced);
            }

            throw GitProcess.Failed(["tag", "-a"], result.Error);
        }

        return await GetAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the snapshot's tag (here only: a tag pushed to a git remote stays there); returns what it was.</summary>
    public async Task<Snapshot> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        await GitProcess.RunAsync(Root, ["tag", "-d", "--end-of-options", snapshot.Tag], cancellationToken).ConfigureAwait(false);
        return snapshot;
    }

    private static DataTasksException Exists(Snapshot existing) =>
        new(ErrorCodes.SnapshotExists,
            $"snapshot '{EntryPath.Printable(existing.Name)}' already exists (tag {EntryPath.Printable(existing.Tag)} on {existing.Commit[..7]}, {existing.Date:yyyy-MM-dd}); choose another name, or 'dotnet data snapshot delete {EntryPath.Printable(existing.Name)}' first");

    private async Task<IReadOnlyList<Snapshot>> ReadTagsAsync(string pattern, string? exactTag, Action<DataTasksException>? warn, CancellationToken cancellationToken)
    {
        // Seven NUL-separated fields a tag; git ends each record with a line break, which starts the next record's first field.
        const string Format = "%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:iso-strict)%00%(contents)%00";
        var output = GitProcess.Text(await GitProcess.RunAsync(Root, ["for-each-ref", "--format=" + Format, "--end-of-options", pattern], cancellationToken).ConfigureAwait(false));
        var fields = output.Split('\0');
        var tags = new List<(string Name, string Tag, string Commit, DateTimeOffset Date, string Message)>();
        for (var i = 0; i + 7 <= fields.Length; i += 7)
        {
            var tag = fields[i].TrimStart('\n')[TagsRef.Length..];
            var commit = fields[i + 1] switch
            {
                "commit" => fields[i + 2],
                "tag" when fields[i + 3] == "commit" => fields[i + 4],
                _ => null, // A tag of a tree or blob, or of another tag: not a state of the data.
            };
            if (commit is null || !tag.StartsWith(Prefix, StringComparison.Ordinal) || tag.Length == Prefix.Length || (exactTag is not null && tag != exactTag))
            {
                continue;
            }

            var date = DateTimeOffset.Parse(fields[i + 5], CultureInfo.InvariantCulture, DateTimeStyles.None);
            tags.Add((tag[Prefix.Length..], tag, commit, date, fields[i + 6].TrimEnd('\n')));
        }

        // One cat-file process for all the tags' manifests, however many snapshots there are.
        var snapshots = new List<Snapshot>(tags.Count);
        var next = 0;
        await foreach (var (_, content) in GitCatFile.ReadAllAsync(Root, [.. tags.Select(t => $"{t.Commit}:{History.ManifestPath}")], cancellationToken).ConfigureAwait(false))
        {
            var t = tags[next++];
            var (count, size) = Count(content, t.Tag, t.Commit, warn);
            snapshots.Add(new Snapshot(t.Name, t.Tag, t.Commit, t.Date, t.Message, count, size));
        }

        return [.. snapshots.OrderBy(s => s.Date).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    private static (int? Count, long? Size) Count(byte[]? content, string tag, string commit, Action<DataTasksException>? warn)
    {
        if (content is null)
        {
            return (0, 0);
        }

        try
        {
            var manifest = DataManifest.Parse(content, $"{DataManifest.FileName} at {tag}");
            return (manifest.Count, manifest.Entries.Sum(e => e.Size));
        }
        catch (DataTasksException ex) when (ex.Code.StartsWith("DT01", StringComparison.Ordinal))
        {
            warn?.Invoke(new DataTasksException(ErrorCodes.HistoricManifestInvalid,
                $"{DataManifest.FileName} at {tag} ({commit[..7]}) is not a valid manifest: {ex.Code}: {ex.Message}; its counts are not shown"));
            return (null, null);
        }
    }
}
