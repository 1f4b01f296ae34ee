using System.Buffers;
using System.Security.Cryptography;
using DataTasks.Core.Hashing;

namespace DataTasks.Core.Storage;

/// <summary>
/// Copies one stream into another while hashing it, in one pass: the bytes that reach the destination are the bytes
/// that were hashed, so a copy can be checked against its key without reading anything twice.
/// </summary>
public static class VerifiedCopy
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>; returns the key and length of what was copied.</summary>
    public static (string Key, long Length) Copy(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ContentHasher.BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            int read;
            while ((read = source.Read(buffer, 0, ContentHasher.BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                destination.Write(buffer, 0, read);
                total += read;
            }

            return (ContentHasher.ToKey(hash), total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
