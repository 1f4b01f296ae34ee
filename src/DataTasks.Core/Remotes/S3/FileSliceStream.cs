using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// A read-only, seekable view of <c>[offset, offset + length)</c> of an open file that hashes the bytes it hands out,
/// so an upload verifies exactly what was sent. Positional reads (<see cref="RandomAccess"/>) let many slices of one
/// file handle upload in parallel without loading anything into memory.
/// </summary>
/// <remarks>
/// The SDK may read the body more than once (to sign the payload, then to send it; again on a retry); each pass starts
/// with a seek to 0, which restarts the hash, so the hash always describes the last complete pass. When
/// <paramref name="expectedKey"/> is given, the read that would deliver the final bytes checks the hash first and, on
/// a mismatch, calls <paramref name="onMismatch"/> and throws instead of returning them: the store then never receives
/// a complete body, so no object with the wrong content appears under the key.
/// </remarks>
internal sealed class FileSliceStream(SafeFileHandle file, long offset, long length, string? expectedKey = null, Action? onMismatch = null) : Stream
{
    private readonly byte[]? expected = expectedKey is null ? null : Convert.FromHexString(expectedKey);
    private IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long position;
    private long hashedTo;

    /// <summary>The SHA-256 of the last pass that read the whole slice, or null when none has yet.</summary>
    public byte[]? CompletedHash { get; private set; }

    /// <summary>True once a pass found the content different from <c>expectedKey</c> (or shorter than expected).</summary>
    public bool Mismatched { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => length;

    /// <inheritdoc />
    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, length);
        if (target != position)
        {
            position = target;
            if (target == 0)
            {
                hash.Dispose();
                hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                hashedTo = 0;
            }
        }

        return position;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, length - position);
        if (want <= 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(file, buffer[..want], offset + position);
        return Account(buffer[..read]);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, length - position);
        if (want <= 0)
        {
            return 0;
        }

        var read = await RandomAccess.ReadAsync(file, buffer[..want], offset + position, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read]);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            // The file shrank since it was measured: the body can never match its key.
            Fail();
        }

        // Only a sequential pass from 0 describes the body; a read elsewhere (never done by the SDK) is not hashed.
        if (hashedTo == position)
        {
            hash.AppendData(data);
            hashedTo += data.Length;
        }

        if (position + data.Length == length && hashedTo == length)
        {
            var digest = hash.GetCurrentHash();
            if (expected is not null && !digest.AsSpan().SequenceEqual(expected))
            {
                Fail();
            }

            CompletedHash = digest;
        }

        position += data.Length;
        return data.Length;
    }

    private void Fail()
    {
        Mismatched = true;
        onMismatch?.Invoke();

        // Cancellation is the one failure the SDK neither retries nor reports as a network error.
        throw new OperationCanceledException("the file changed after it was hashed");
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
