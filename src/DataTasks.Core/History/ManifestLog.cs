using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

namespace DataTasks.Core.History;

/// <summary>
/// <c>log</c>: the commits that changed the manifest, newest first, each with the entries it changed. Two git processes
/// whatever the history's length, both streaming: one <c>git log --raw</c> names each commit's manifest blobs before and
/// after, and as its records arrive, one <c>git cat-file --batch</c> is asked for those blobs; each blob is parsed once
/// (consecutive commits share one), and the first commit is shown before git has walked the rest.
/// </summary>
public static class ManifestLog
{
    private const string ZeroId = "0000000000000000000000000000000000000000";
    private const int ParsedBlobsKept = 8;

    /// <summary>
    /// The history of the manifest from HEAD. With a non-empty <paramref name="scope"/> only commits that changed an
    /// entry in it are returned, and an entry renamed into the scope is followed back to its old path.
    /// </summary>
    public static IAsyncEnumerable<ManifestCommit> ReadAsync(GitHistory history, PathScope scope, CancellationToken cancellationToken) =>
        ReadAsync(history, scope, EntryLabelFilter.None, cancellationToken);

    /// <summary>
    /// Like <see cref="ReadAsync(GitHistory, PathScope, CancellationToken)"/>; with a non-empty <paramref name="labels"/>
    /// (log --tag, --meta) only commits that touched an entry whose version before or after the commit matches it are
    /// returned, with only those entries' changes (<see cref="ManifestLabelChanges"/>).
    /// </summary>
    public static async IAsyncEnumerable<ManifestCommit> ReadAsync(GitHistory history, PathScope scope, EntryLabelFilter labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = stop.Token;
        var root = history.Repository.Root;

        // %x1e starts a commit, %x1f separates its fields; -z ends the header and each raw field with NUL.
        // --diff-merges=first-parent shows what a merge brought into the branch; renames are the manifest's own business.
        string[] args =
        [
            "log", "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s", "--raw", "-z", "--no-abbrev", "--no-renames",
            "--diff-merges=first-parent", "HEAD", "--", $":(top,literal){history.ManifestPath}",
        ];
        using var log = GitProcess.Start(root, args);
        var logError = log.StandardError.ReadToEndAsync(ct);
        await using var catFile = GitCatFile.Start(root, ct);
        var commits = Channel.CreateBounded<CommitBlobs>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(log, logError, args, history.ManifestPath, catFile, commits.Writer, ct), ct);
        try
        {
            var followed = new HashSet<string>(StringComparer.Ordinal);
            var parsed = new RecentBlobs<ParsedBlob>(ParsedBlobsKept);
            async Task<ParsedBlob> GetAsync(string id)
            {
                if (id == ZeroId)
                {
                    return ParsedBlob.Empty;
                }

                if (!parsed.TryGet(id, out var blob))
                {
                    blob = ParsedBlob.From(await catFile.ReadAsync(id, ct).ConfigureAwait(false));
                    parsed.Add(id, blob);
                }

                return blob;
            }

            await foreach (var c in commits.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                var before = await GetAsync(c.OldBlob).ConfigureAwait(false);
                var after = await GetAsync(c.NewBlob).ConfigureAwait(false);
                IReadOnlyList<EntryChange> changes = [];

                // A parsed blob is shared by every commit that has it, so the commit a problem names is chosen here:
                // this commit's own version, else its (first) parent's, which is where the broken version was committed.
                var problem = after.Problem is { } own ? ParsedBlob.At(own, c.Hash, c.NewBlob)
                    : before.Problem is { } inherited ? ParsedBlob.At(inherited, c.FirstParent, c.OldBlob) : null;
                if (problem is null)
                {
                    changes = ManifestDiff.Compare(before.Manifest!, after.Manifest!);
                }

                if (!scope.IsAll)
                {
                    changes = InScope(changes, scope, followed);
                    if (changes.Count == 0 && labels.IsEmpty)
                    {
                        continue;
                    }
                }

                if (!labels.IsEmpty)
                {
                    var touching = ManifestLabelChanges.Touching(changes, before.Full, after.Full, labels);
                    if (touching.Count == 0 && !ManifestLabelChanges.Reannotated(before.Full, after.Full, labels, p => scope.IsAll || scope.Contains(p) || followed.Contains(p)))
                    {
                        continue;
                    }

                    changes = touching;
                }

                yield return new ManifestCommit(c.Hash, c.AuthorName, c.AuthorEmail, c.AuthorDate, c.Subject, changes, problem);
            }

            await producer.ConfigureAwait(false);
        }
        finally
        {
            // Stopped early (log -n 1) or failed: end both git processes and the producer.
            await stop.CancelAsync().ConfigureAwait(false);
            GitProcess.Kill(log);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or DataTasksException or ChannelClosedException)
            {
            }
        }
    }

    /// <summary>
    /// Reads git log's output as it arrives; for each commit, asks cat-file for the blobs it needs (skipping those the
    /// reader still has parsed, by the same <see cref="RecentBlobs{T}"/> rule), then hands the commit to the reader.
    /// </summary>
    private static async Task ProduceAsync(System.Diagnostics.Process log, Task<string> logError, string[] args, string manifestPath, GitCatFile catFile, ChannelWriter<CommitBlobs> commits, CancellationToken ct)
    {
        try
        {
            var requested = new RecentBlobs<bool>(ParsedBlobsKept);
            await foreach (var record in ReadRecordsAsync(log.StandardOutput.BaseStream, ct).ConfigureAwait(false))
            {
                if (ParseRecord(record, manifestPath) is not { } c)
                {
                    continue;
                }

                foreach (var id in new[] { c.OldBlob, c.NewBlob })
                {
                    if (id != ZeroId && !requested.TryGet(id, out _))
                    {
                        requested.Add(id, true);
                        await catFile.RequestAsync(id, flush: false, ct).ConfigureAwait(false);
                    }
                }

                // Flushed before the reader can see the commit, so it never waits on a request still in a buffer.
                await catFile.FlushRequestsAsync(ct).ConfigureAwait(false);
                await commits.WriteAsync(c, ct).ConfigureAwait(false);
            }

            await log.WaitForExitAsync(ct).ConfigureAwait(false);
            var error = await logError.ConfigureAwait(false);

            // A repository with no commit yet has no history: that is an empty log, not a failure.
            if (log.ExitCode != 0 && !error.Contains("does not have any commits", StringComparison.Ordinal) && !error.Contains("unknown revision", StringComparison.Ordinal) && !error.Contains("bad revision 'HEAD'", StringComparison.Ordinal))
            {
                throw GitProcess.Failed(args, error);
            }

            await catFile.CompleteRequestsAsync().ConfigureAwait(false);
            commits.Complete();
        }
        catch (Exception ex)
        {
            commits.TryComplete(ex);
            throw;
        }
    }

    /// <summary>The records of git log's output (each commit starts with U+001E), as they arrive.</summary>
    private static async IAsyncEnumerable<string> ReadRecordsAsync(Stream stdout, [EnumeratorCancellation] CancellationToken ct)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var pending = new StringBuilder();
        int n;
        while ((n = await stdout.ReadAsync(bytes, ct).ConfigureAwait(false)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
            var start = 0;
            for (var i = 0; i < count; i++)
            {
                if (chars[i] == '\u001e')
                {
                    pending.Append(chars, start, i - start);
                    if (pending.Length > 0)
                    {
                        yield return pending.ToString();
                        pending.Clear();
                    }

                    start = i + 1;
                }
            }

            pending.Append(chars, start, count - start);
        }

        if (pending.Length > 0)
        {
            yield return pending.ToString();
        }
    }

    // Newest first: a rename into the scope means older commits knew the entry by its old path.
    private static List<EntryChange> InScope(IReadOnlyList<EntryChange> changes, PathScope scope, HashSet<string> followed)
    {
        var result = new List<EntryChange>();
        foreach (var change in changes)
        {
            if (scope.Contains(change.Path) || followed.Contains(change.Path) || (change.OldPath is not null && scope.Contains(change.OldPath)))
            {
                result.Add(change);
                if (change.OldPath is not null)
                {
                    followed.Add(change.OldPath);
                }
            }
        }

        return result;
    }

    /// <summary>One commit of the log: its header fields and the manifest's blob before and after, or null when it has no manifest change.</summary>
    internal static CommitBlobs? ParseRecord(string record, string manifestPath)
    {
        var parts = record.Split('\0');
        var fields = parts[0].Split('\u001f');
        if (fields.Length < 6)
        {
            return null;
        }

        // After the header: ":<mode> <mode> <old> <new> <status>", then the path, for each changed file.
        for (var i = 1; i + 1 < parts.Length; i++)
        {
            var raw = parts[i].TrimStart('\n');
            if (raw.StartsWith(':') && parts[i + 1] == manifestPath)
            {
                var words = raw.Split(' ');
                var date = DateTimeOffset.Parse(fields[4], CultureInfo.InvariantCulture, DateTimeStyles.None);
                var firstParent = fields[1].Split(' ')[0];
                return new CommitBlobs(fields[0], firstParent, fields[2], fields[3], date, string.Join('\u001f', fields.Skip(5)), words[2], words[3]);
            }
        }

        return null;
    }

    internal sealed record CommitBlobs(string Hash, string FirstParent, string AuthorName, string AuthorEmail, DateTimeOffset AuthorDate, string Subject, string OldBlob, string NewBlob);

    private sealed record ParsedBlob(ManifestSnapshot? Manifest, DataTasksException? Problem, byte[]? Content = null)
    {
        public static readonly ParsedBlob Empty = new(ManifestSnapshot.Empty, null);

        private DataManifest? full;

        private bool fullRead;

        /// <summary>
        /// The whole manifest (tags and metadata too), parsed on first use: only log --tag/--meta needs it, and the
        /// snapshot alone is far cheaper. Null for the state before the manifest existed, and for a version whose
        /// metadata fields the full reader refuses (an old tool's bad tag): none of its entries can match a filter then.
        /// </summary>
        public DataManifest? Full
        {
            get
            {
                if (!fullRead && Content is not null && Manifest is not null)
                {
                    fullRead = true;
                    try
                    {
                        full = DataManifest.Parse(Content, DataManifest.FileName);
                    }
                    catch (DataTasksException)
                    {
                        full = null;
                    }
                }

                return full;
            }
        }

        public static ParsedBlob From(byte[]? content)
        {
            if (content is null)
            {
                return new ParsedBlob(null, new DataTasksException(ErrorCodes.GitFailed, "git has no such blob"));
            }

            try
            {
                return new ParsedBlob(ManifestSnapshot.Read(content, DataManifest.FileName), null, content);
            }
            catch (DataTasksException ex)
            {
                return new ParsedBlob(null, ex);
            }
        }

        /// <summary>The problem of a blob as the version of the manifest committed at <paramref name="commit"/>.</summary>
        public static DataTasksException At(DataTasksException problem, string commit, string blob)
        {
            var where = commit.Length >= 7 ? $"{DataManifest.FileName} at {commit[..7]}" : $"{DataManifest.FileName} blob {blob[..7]}";
            return problem.Code == ErrorCodes.GitFailed
                ? new DataTasksException(ErrorCodes.GitFailed, $"{where}: {problem.Message}", problem)
                : new DataTasksException(ErrorCodes.HistoricManifestInvalid, $"{where} is not a valid manifest: {problem.Code}: {problem.Message}", problem);
        }
    }
}
