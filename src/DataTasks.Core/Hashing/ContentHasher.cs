using System.Buffers;
using System.Security.Cryptography;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Hashing;

/// <summary>Streams files through SHA-256 with large buffers; the result is the content key.</summary>
public static class ContentHasher
{
    /// <summary>
    /// The read (and copy) buffer size: large enough that the hash, not the system calls, is the bottleneck, small
    /// enough to stay in a core's L2 cache. A buffer that falls out of it (1 MiB on a 1 MiB L2) makes every write()
    /// of it into the page cache fetch it from memory again: copying 1 GB with 1 MiB chunks cost 3x the system time
    /// of 256 KiB chunks (docs/benchmarks.md, "Pull per link mode").
    /// </summary>
    public const int BufferSize = 256 * 1024;

    /// <summary>Hashes a file and returns its lowercase hex SHA-256 and the number of bytes read.</summary>
    public static (string Key, long Size) HashFile(string path, CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            long total = 0;
            int read;
            while ((read = fs.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return (ToKey(hash), total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Hashes a file and checks that it did not change while being read (the stat before and after agree).
    /// Returns the key and the stat it belongs to, ready for the stat cache.
    /// </summary>
    public static (string Key, FileStat Stat) HashStable(string path, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = FileStat.TryGet(path) ?? throw new FileNotFoundException("file not found", path);
            var (key, size) = HashFile(path, cancellationToken);
            var after = FileStat.TryGet(path);
            if (after == before && size == before.Size)
            {
                return (key, before);
            }

            if (attempt >= 2)
            {
                throw new DataTasksException(ErrorCodes.FileChangedDuringRead, $"{path} kept changing while it was hashed; wait until it is written completely and try again");
            }
        }
    }

    /// <summary>Finishes an incremental hash as a content key.</summary>
    public static string ToKey(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexString(digest).ToLowerInvariant();
    }
}
