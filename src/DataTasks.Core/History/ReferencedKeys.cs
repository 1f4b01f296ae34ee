using System.Globalization;
using System.Text;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.History;

/// <summary>
/// Every content key something still needs, collected for gc. A key is referenced when it appears in any version of
/// any artifacts.json in the git repository (every path, not only this data repository's, since several data
/// repositories may share a remote) at any commit in scope, in the index, in the working tree of any worktree, or in
/// this repository's added-but-not-pushed state. Manifest text is scanned for 64-hex keys rather than parsed, so an
/// old, future or broken manifest version can only add references, never hide them.
/// </summary>
public sealed class ReferencedKeys
{
    private const string ZeroId = "0000000000000000000000000000000000000000";
    private const int MaxSearchedKeys = 16;
    private const string AnyManifest = ":(top,glob)**/" + DataManifest.FileName;

    private ReferencedKeys(HashSet<string> keys, int manifestVersions)
    {
        Keys = keys;
        ManifestVersions = manifestVersions;
    }

    /// <summary>The referenced keys.</summary>
    public IReadOnlySet<string> Keys { get; }

    /// <summary>How many distinct manifest versions (committed, staged or on disk) were read.</summary>
    public int ManifestVersions { get; }

    /// <summary>Collects the keys referenced within <paramref name="scope"/>.</summary>
    public static Task<ReferencedKeys> FindAsync(GitHistory history, ReferenceScope scope, CancellationToken cancellationToken) =>
        FindAsync(history, scope, among: null, cancellationToken);

    /// <summary>
    /// Collects which of the keys in <paramref name="among"/> (all keys when null) are referenced within
    /// <paramref name="scope"/>; with more than a few candidates the result may hold other keys too. A few candidates (a one-file add's stale check) are searched for in each manifest
    /// version's bytes instead of collecting its 100,000 keys as strings.
    /// </summary>
    public static async Task<ReferencedKeys> FindAsync(GitHistory history, ReferenceScope scope, IReadOnlyCollection<string>? among, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        // Each candidate costs a search of every version, so many candidates (add --all) collect every key instead, and
        // the result may then hold keys beyond them.
        var wanted = among is null || among.Count > MaxSearchedKeys ? null : among.Where(ContentKey.IsValid).Distinct(StringComparer.Ordinal).Select(k => Encoding.ASCII.GetBytes(k)).ToList();
        void Scan(ReadOnlySpan<byte> text, HashSet<string> into)
        {
            if (wanted is null)
            {
                AddKeysIn(text, into);
            }
            else
            {
                AddWantedKeysIn(text, wanted, into);
            }
        }

        var root = history.Repository.Root;
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        await AddHistoryBlobsAsync(history, scope, blobs, cancellationToken).ConfigureAwait(false);
        if (scope.Since is not null)
        {
            await AddTipBlobsAsync(history, scope, blobs, cancellationToken).ConfigureAwait(false);
        }

        // Staged manifests: 'git add artifacts.json' before the commit.
        var staged = await GitProcess.RunAsync(root, ["ls-files", "-s", "-z", "--", AnyManifest], cancellationToken).ConfigureAwait(false);
        foreach (var line in GitProcess.Text(staged).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <object> <stage>\t<path>"
            var words = line.Split(' ', 3);
            if (words.Length == 3)
            {
                blobs.Add(words[1]);
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var versions = 0;
        if (wanted is null)
        {
            await foreach (var (_, content) in GitCatFile.ReadAllAsync(root, blobs.Order(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false))
            {
                if (content is not null)
                {
                    Scan(content, keys);
                    versions++;
                }
            }
        }
        else
        {
            // A few keys: each version is searched as git streams it, never held whole.
            versions += await GitCatFile.ScanAllAsync(root, blobs.Order(StringComparer.Ordinal).ToList(), content => AddWantedKeysIn(content, wanted, keys), cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in await WorkingManifestsAsync(history, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (wanted is null)
                {
                    Scan(File.ReadAllBytes(file), keys);
                }
                else
                {
                    // Searched piece by piece: a one-file add need not hold another copy of a large manifest.
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                    AddWantedKeysIn(stream, wanted, keys);
                }

                versions++;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Listed by git but deleted from disk meanwhile: nothing on disk references anything.
            }
        }

        // Added but not pushed: the object may already be on the remote (the same content pushed from elsewhere).
        var added = Path.Join(history.Repository.StateDirectory, "added.json");
        if (File.Exists(added))
        {
            Scan(File.ReadAllBytes(added), keys);
        }

        return new ReferencedKeys(keys, versions);
    }

    /// <summary>
    /// Every blob any artifacts.json had in the commits in scope. With --full-history, -m (each merge against every
    /// parent) and --root (first commits against nothing), each version appears as the new side of the commit that
    /// introduced it, so the whole history is covered by one git process, without a process per commit.
    /// </summary>
    private static async Task AddHistoryBlobsAsync(GitHistory history, ReferenceScope scope, HashSet<string> blobs, CancellationToken cancellationToken)
    {
        var args = new List<string> { "log", "--format=", "--raw", "-z", "--no-abbrev", "--no-renames", "--full-history", "-m", "--root" };
        if (scope.Since is { } since)
        {
            args.Add("--since=" + since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (scope.Refs.Count == 0)
        {
            args.Add("--all");
        }
        else
        {
            foreach (var r in scope.Refs)
            {
                args.Add(await history.ResolveCommitAsync(r, cancellationToken).ConfigureAwait(false));
            }
        }

        args.AddRange(["--", AnyManifest]);
        var result = await GitProcess.TryRunAsync(history.Repository.Root, args, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            // --all in a repository without any commit yet: no history references anything.
            if (result.Output.Length == 0 && !await HasAnyCommitAsync(history, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            throw GitProcess.Failed(args, result.Error);
        }

        foreach (var field in GitProcess.Text(result.Output).Split('\0'))
        {
            var raw = field.TrimStart('\n');
            if (raw.StartsWith(':'))
            {
                var words = raw.Split(' ');
                foreach (var id in new[] { words[2], words[3] })
                {
                    if (id != ZeroId)
                    {
                        blobs.Add(id);
                    }
                }
            }
        }
    }

    /// <summary>With --since, the versions current at each ref's tip may come from before the date: read them too.</summary>
    private static async Task AddTipBlobsAsync(GitHistory history, ReferenceScope scope, HashSet<string> blobs, CancellationToken cancellationToken)
    {
        var root = history.Repository.Root;
        var tips = new HashSet<string>(StringComparer.Ordinal);
        if (scope.Refs.Count > 0)
        {
            foreach (var r in scope.Refs)
            {
                tips.Add(await history.ResolveCommitAsync(r, cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            var refs = await GitProcess.RunAsync(root, ["for-each-ref", "--format=%(objectname) %(objecttype) %(*objectname)"], cancellationToken).ConfigureAwait(false);
            foreach (var line in GitProcess.Text(refs).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // An annotated tag points at a tag object; %(*objectname) is the commit it points at.
                var words = line.Split(' ');
                tips.Add(words[1] == "tag" && words.Length > 2 && words[2].Length > 0 ? words[2] : words[0]);
            }

            var head = await GitProcess.TryRunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken).ConfigureAwait(false);
            if (head.ExitCode == 0)
            {
                tips.Add(GitProcess.Text(head.Output).Trim());
            }
        }

        foreach (var tip in tips)
        {
            var tree = await GitProcess.TryRunAsync(root, ["ls-tree", "-r", "-z", "--full-tree", tip], cancellationToken).ConfigureAwait(false);
            if (tree.ExitCode != 0)
            {
                // A ref to something that is not a tree-ish (a blob tag): no manifest there.
                continue;
            }

            foreach (var line in GitProcess.Text(tree.Output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                // "<mode> <type> <object>\t<path>"
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var path = line[(tab + 1)..];
                if (tab > 0 && (path == DataManifest.FileName || path.EndsWith("/" + DataManifest.FileName, StringComparison.Ordinal)))
                {
                    blobs.Add(line[..tab].Split(' ')[2]);
                }
            }
        }
    }

    /// <summary>Every artifacts.json on disk in every worktree of the repository (tracked, or new and not ignored), plus this repository's own.</summary>
    private static async Task<IReadOnlyCollection<string>> WorkingManifestsAsync(GitHistory history, CancellationToken cancellationToken)
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(history.Repository.ManifestFile) };
        var list = await GitProcess.RunAsync(history.Repository.Root, ["worktree", "list", "--porcelain", "-z"], cancellationToken).ConfigureAwait(false);
        foreach (var field in GitProcess.Text(list).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!field.StartsWith("worktree ", StringComparison.Ordinal))
            {
                continue;
            }

            var worktree = field["worktree ".Length..];
            if (!Directory.Exists(worktree))
            {
                continue;
            }

            var found = await GitProcess.TryRunAsync(worktree, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", AnyManifest], cancellationToken).ConfigureAwait(false);
            foreach (var path in GitProcess.Text(found.Output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                files.Add(Path.GetFullPath(Path.Join(worktree, path)));
            }
        }

        return files;
    }

    private static async Task<bool> HasAnyCommitAsync(GitHistory history, CancellationToken cancellationToken)
    {
        var result = await GitProcess.TryRunAsync(history.Repository.Root, ["rev-list", "-n", "1", "--all"], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && result.Output.Length > 0;
    }

    /// <summary>Adds every run of exactly 64 lowercase hex characters in <paramref name="text"/> (UTF-8 or ASCII) to <paramref name="keys"/>.</summary>
    internal static void AddKeysIn(ReadOnlySpan<byte> text, HashSet<string> keys)
    {
        var run = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsLowerHex(text[i]))
            {
                run++;
                continue;
            }

            if (run == ContentKey.Length)
            {
                keys.Add(Encoding.ASCII.GetString(text.Slice(i - run, run)));
            }

            run = 0;
        }
    }

    /// <summary>
    /// Adds each key of <paramref name="wanted"/> (64 lowercase hex ASCII bytes) that occurs in <paramref name="text"/>
    /// as a run of exactly 64 hex characters, the rule <see cref="AddKeysIn"/> applies, to <paramref name="keys"/>.
    /// </summary>
    internal static void AddWantedKeysIn(ReadOnlySpan<byte> text, IReadOnlyList<byte[]> wanted, HashSet<string> keys) =>
        AddWantedKeysIn(text, 0, text.Length, wanted, keys);

    /// <summary>
    /// <see cref="AddWantedKeysIn(ReadOnlySpan{byte}, IReadOnlyList{byte[]}, HashSet{string})"/> over a stream, in
    /// windows that overlap by a key and a byte on each side, so every occurrence is judged with the bytes around it.
    /// </summary>
    internal static void AddWantedKeysIn(Stream stream, IReadOnlyList<byte[]> wanted, HashSet<string> keys)
    {
        const int Context = ContentKey.Length + 1;
        var buffer = new byte[(1 << 20) + Context];
        var kept = 0;
        var first = true;
        while (true)
        {
            var n = stream.ReadAtLeast(buffer.AsSpan(kept), buffer.Length - kept, throwOnEndOfStream: false);
            var length = kept + n;
            var final = kept + n < buffer.Length;

            // Occurrences starting before 'limit' have their next byte here (or end the file); the byte before a
            // window's first start is the one carried over (none at the file's start).
            var limit = final ? length : length - ContentKey.Length;
            AddWantedKeysIn(buffer.AsSpan(0, length), first ? 0 : 1, limit, wanted, keys);
            if (final)
            {
                return;
            }

            buffer.AsSpan(limit - 1, length - (limit - 1)).CopyTo(buffer);
            kept = length - (limit - 1);
            first = false;
        }
    }

    // Occurrences starting in [start, limit) of text; the bytes of text around them decide whether they stand alone.
    private static void AddWantedKeysIn(ReadOnlySpan<byte> text, int start, int limit, IReadOnlyList<byte[]> wanted, HashSet<string> keys)
    {
        foreach (var key in wanted)
        {
            var found = Encoding.ASCII.GetString(key);
            if (keys.Contains(found))
            {
                continue;
            }

            for (var from = start; from < limit && from <= text.Length - key.Length;)
            {
                var at = text[from..].IndexOf(key);
                if (at < 0 || from + at >= limit)
                {
                    break;
                }

                at += from;
                var end = at + key.Length;
                if ((at == 0 || !IsLowerHex(text[at - 1])) && (end == text.Length || !IsLowerHex(text[end])))
                {
                    keys.Add(found);
                    break;
                }

                from = at + 1;
            }
        }
    }

    private static bool IsLowerHex(byte b) => (b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'a' && b <= (byte)'f');
}
