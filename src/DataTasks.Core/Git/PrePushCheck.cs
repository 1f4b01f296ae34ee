using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Git;

/// <summary>One line of what git hands a pre-push hook: a local ref and the remote ref it updates.</summary>
/// <param name="LocalRef">The local ref being pushed.</param>
/// <param name="LocalSha">Its commit; all zeros when the push deletes the remote ref.</param>
/// <param name="RemoteRef">The remote ref it updates.</param>
/// <param name="RemoteSha">The remote ref's commit before the push; all zeros when it does not exist yet.</param>
public sealed record PushedRef(string LocalRef, string LocalSha, string RemoteRef, string RemoteSha);

/// <summary>An entry a teammate could not pull after this git push.</summary>
/// <param name="RemoteRef">The remote ref whose manifest has it.</param>
/// <param name="Path">The entry path.</param>
/// <param name="StorageKey">The key the data remote lacks; null when the entry was never pushed at all.</param>
public sealed record StrandedEntry(string RemoteRef, string Path, string? StorageKey);

/// <summary>
/// What the pre-push hook checks: the manifest each pushed ref will have on the git remote must name only content the
/// data remote has, or a teammate's pull fails (DT0205) or finds entries that were never pushed. Only keys new since
/// the remote ref's previous commit are looked up, so a push of one commit asks the remote about what it changed.
/// </summary>
public static class PrePushCheck
{
    private static bool IsZero(string sha) => sha.Length > 0 && sha.All(c => c == '0');

    /// <summary>Parses git's pre-push standard input: "&lt;local ref&gt; &lt;local sha&gt; &lt;remote ref&gt; &lt;remote sha&gt;" lines.</summary>
    public static IReadOnlyList<PushedRef> ParseRefs(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var refs = new List<PushedRef>();
        foreach (var line in input.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 4)
            {
                refs.Add(new PushedRef(parts[0], parts[1], parts[2], parts[3]));
            }
        }

        return refs;
    }

    /// <summary>Finds the entries of the pushed refs' manifests that the data remote cannot serve.</summary>
    public static async Task<IReadOnlyList<StrandedEntry>> FindStrandedAsync(GitHistory git, IReadOnlyList<PushedRef> refs, Func<DataRemote> openRemote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(refs);
        ArgumentNullException.ThrowIfNull(openRemote);
        var stranded = new List<StrandedEntry>();
        var toCheck = new List<(string RemoteRef, ManifestEntry Entry)>();
        foreach (var pushed in refs)
        {
            if (IsZero(pushed.LocalSha))
            {
                continue;
            }

            var tip = await git.ReadManifestAtAsync(pushed.LocalSha, pushed.LocalRef, cancellationToken).ConfigureAwait(false);
            var known = new HashSet<string>(StringComparer.Ordinal);
            if (!IsZero(pushed.RemoteSha))
            {
                // A commit this clone does not have reads as an empty manifest: then every key is looked up.
                var before = await git.ReadManifestAtAsync(pushed.RemoteSha, pushed.RemoteRef, cancellationToken).ConfigureAwait(false);
                known.UnionWith(before.Entries.Where(e => e.StorageKey is not null).Select(e => e.StorageKey!));
            }

            foreach (var entry in tip.Entries)
            {
                if (entry.StorageKey is null)
                {
                    stranded.Add(new StrandedEntry(pushed.RemoteRef, entry.Path, null));
                }
                else if (!known.Contains(entry.StorageKey))
                {
                    toCheck.Add((pushed.RemoteRef, entry));
                }
            }
        }

        if (toCheck.Count > 0)
        {
            await using var remote = openRemote();
            var keys = toCheck.Select(c => c.Entry.StorageKey!).ToHashSet(StringComparer.Ordinal);
            var existing = await remote.FindExistingAsync(keys, cancellationToken).ConfigureAwait(false);
            stranded.AddRange(toCheck.Where(c => !existing.Contains(c.Entry.StorageKey!)).Select(c => new StrandedEntry(c.RemoteRef, c.Entry.Path, c.Entry.StorageKey)));
        }

        return stranded;
    }
}
