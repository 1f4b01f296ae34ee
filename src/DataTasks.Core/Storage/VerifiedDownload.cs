using DataTasks.Core.Hashing;

namespace DataTasks.Core.Storage;

/// <summary>
/// Streams an object into a new temp file while hashing it, and refuses it (DT0301) unless its content has the
/// expected key. The caller renames the temp file into place; nothing unverified ever sits at a visible path.
/// </summary>
public static class VerifiedDownload
{
    /// <summary>
    /// Creates <paramref name="temp"/> (it must not exist), fills it with <paramref name="fetch"/> and checks the content
    /// hashes to <paramref name="key"/>. Returns the bytes written; on any failure the caller deletes the temp file.
    /// </summary>
    public static async Task<long> WriteAsync(string temp, string key, long expectedSize, Func<Stream, CancellationToken, Task> fetch, Action<long>? progress, CancellationToken cancellationToken)
    {
        string actual;
        long written;
        await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            // Reserving the size up front lets the file system allocate one extent instead of growing the file per write.
            // The size comes from the manifest and may be wrong (even absurd): then the file just grows as it is written.
            if (expectedSize > 0)
            {
                try
                {
                    fs.SetLength(expectedSize);
                }
                catch (Exception ex) when (ex is IOException or ArgumentOutOfRangeException)
                {
                    // Larger than the file system allows: .NET reports that as an argument error.
                }
            }

            using var hashing = new HashingStream(fs, progress);
            await fetch(hashing, cancellationToken).ConfigureAwait(false);
            written = hashing.BytesWritten;
            if (fs.Length != written)
            {
                fs.SetLength(written);
            }

            actual = hashing.FinishKey();
        }

        if (actual != key)
        {
            throw new DataTasksException(ErrorCodes.ObjectCorrupt,
                $"object {key[..8]}… from the remote is corrupt (content hash {actual[..8]}…, {written} bytes); it was not written; repair the remote with 'dotnet data push --repair <path>' from a clone whose copy of the file verifies");
        }

        return written;
    }
}
