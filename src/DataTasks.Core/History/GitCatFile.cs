using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataTasks.Core.History;

/// <summary>
/// One long-lived <c>git cat-file --batch</c> process: object names go in on stdin, contents come back on stdout in the
/// same order. Requests and reads may run on different tasks (they must, when many names are queued: git stops reading
/// stdin while nobody drains its stdout). This is what keeps log and gc at a fixed number of git processes however long
/// the history is.
/// </summary>
public sealed class GitCatFile : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream stdin;
    private readonly BufferedStream stdout;
    private readonly Task<string> error;
    private readonly byte[] newline = new byte[1];

    private GitCatFile(Process process, CancellationToken cancellationToken)
    {
        this.process = process;
        stdin = process.StandardInput.BaseStream;
        stdout = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        error = process.StandardError.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Starts cat-file in <paramref name="workingDirectory"/>.</summary>
    public static GitCatFile Start(string workingDirectory, CancellationToken cancellationToken) =>
        new(GitProcess.Start(workingDirectory, ["cat-file", "--batch"], redirectInput: true), cancellationToken);

    /// <summary>
    /// Yields (name, content) for each name in order, content null for a name git does not know: a writer task feeds
    /// every name while the contents are read.
    /// </summary>
    public static async IAsyncEnumerable<(string Name, byte[]? Content)> ReadAllAsync(string workingDirectory, IReadOnlyList<string> names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            yield break;
        }

        await using var git = Start(workingDirectory, cancellationToken);
        var writer = git.RequestAllAsync(names, cancellationToken);
        foreach (var name in names)
        {
            yield return (name, await git.ReadAsync(name, cancellationToken).ConfigureAwait(false));
        }

        await writer.ConfigureAwait(false);
    }

    // Feeds every name on its own task while the caller reads the answers: git stops reading stdin while nobody drains
    // its stdout, so writing them all first would deadlock on a long list.
    private Task RequestAllAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        foreach (var name in names)
        {
            await RequestAsync(name, flush: false, cancellationToken).ConfigureAwait(false);
        }

        await CompleteRequestsAsync().ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>Asks for one object; <paramref name="flush"/> sends it at once (streaming) rather than with the next batch.</summary>
    public async Task RequestAsync(string name, bool flush, CancellationToken cancellationToken)
    {
        try
        {
            await stdin.WriteAsync(Encoding.UTF8.GetBytes(name + "\n"), cancellationToken).ConfigureAwait(false);
            if (flush)
            {
                await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // git went away; the reader reports why from its exit and stderr.
        }
    }

    /// <summary>Sends the names requested so far.</summary>
    public async Task FlushRequestsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Says no more names come: cat-file exits after answering the ones it has.</summary>
    public async Task CompleteRequestsAsync()
    {
        try
        {
            await stdin.FlushAsync().ConfigureAwait(false);
            stdin.Close();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Like <see cref="ReadAllAsync"/>, but each content is handed to <paramref name="scan"/> as a stream of exactly its
    /// bytes and never held whole (a search of 18 MB manifest versions for a few keys); returns how many objects git had.
    /// </summary>
    public static async Task<int> ScanAllAsync(string workingDirectory, IReadOnlyList<string> names, Action<Stream> scan, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return 0;
        }

        await using var git = Start(workingDirectory, cancellationToken);
        var writer = git.RequestAllAsync(names, cancellationToken);
        var found = 0;
        foreach (var name in names)
        {
            if (await git.ReadSizeAsync(name, cancellationToken).ConfigureAwait(false) is not { } size)
            {
                continue;
            }

            var content = new ContentStream(git.stdout, size);
            scan(content);
            content.SkipRest();
            await git.stdout.ReadExactlyAsync(git.newline, cancellationToken).ConfigureAwait(false);
            found++;
        }

        await writer.ConfigureAwait(false);
        return found;
    }

    /// <summary>Reads the answer to the next request, which must be <paramref name="name"/>; null when git has no such object.</summary>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        if (await ReadSizeAsync(name, cancellationToken).ConfigureAwait(false) is not { } size)
        {
            return null;
        }

        var content = new byte[size];
        await stdout.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);

        // Each object is followed by a newline that is not part of it.
        await stdout.ReadExactlyAsync(newline, cancellationToken).ConfigureAwait(false);
        return content;
    }

    // Reads the header of the answer to the next request (which must be name): the content's size, or null when git
    // has no such object.
    private async Task<int?> ReadSizeAsync(string name, CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            throw GitProcess.Failed(["cat-file", "--batch"], await error.ConfigureAwait(false));
        }

        if (header.EndsWith(" missing", StringComparison.Ordinal) || header.EndsWith(" ambiguous", StringComparison.Ordinal))
        {
            return null;
        }

        // "<name> <type> <size>"; a <rev>:<path> request is answered under the object id it resolves to.
        var space = header.LastIndexOf(' ');
        if ((!header.StartsWith(name, StringComparison.Ordinal) && !name.Contains(':', StringComparison.Ordinal)) || space < 0 || !int.TryParse(header.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new DataTasksException(ErrorCodes.GitFailed, $"git cat-file answered '{header}' when asked for {name}");
        }

        return size;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // A caller that stopped early (or failed) must not leave git running.
        GitProcess.Kill(process);
        try
        {
            await error.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
        }

        process.Dispose();
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(128);
        while (true)
        {
            var n = await stdout.ReadAsync(newline, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            }

            if (newline[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(newline[0]);
        }
    }

    /// <summary>The next <c>length</c> bytes of cat-file's output, read as they are asked for.</summary>
    private sealed class ContentStream(Stream inner, long size) : Stream
    {
        private readonly long length = size;
        private long left = size;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => length - left;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (left == 0 || buffer.Length == 0)
            {
                return 0;
            }

            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
            if (n == 0)
            {
                throw new EndOfStreamException("git cat-file stopped inside an object");
            }

            left -= n;
            return n;
        }

        /// <summary>Reads past what the scan left unread, so the next answer starts where it should.</summary>
        public void SkipRest()
        {
            var buffer = new byte[Math.Min(left, 1 << 16)];
            while (left > 0)
            {
                _ = Read(buffer);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
