using System.Buffers;
using System.Security.Cryptography;

namespace DataTasks.Core.Hashing;

/// <summary>A write-only stream that hashes what passes through it on the way to an inner stream, so a copy is verified in one pass.</summary>
public sealed class HashingStream : Stream
{
    private readonly Stream inner;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Action<long>? onBytes;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="onBytes"/> is told of every write, for progress.</summary>
    public HashingStream(Stream inner, Action<long>? onBytes = null)
    {
        this.inner = inner;
        this.onBytes = onBytes;
    }

    /// <summary>The bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The key of everything written; call once, after the last write.</summary>
    public string FinishKey() => ContentHasher.ToKey(hash);

    /// <inheritdoc />
    public override bool CanRead => false;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => true;
    /// <inheritdoc />
    public override long Length => BytesWritten;
    /// <inheritdoc />
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush() => inner.Flush();
    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        inner.Write(buffer);
        BytesWritten += buffer.Length;
        onBytes?.Invoke(buffer.Length);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        BytesWritten += buffer.Length;
        onBytes?.Invoke(buffer.Length);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> with large buffers.</summary>
    public static async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ContentHasher.BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ContentHasher.BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
