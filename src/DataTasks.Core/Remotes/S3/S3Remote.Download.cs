using System.Buffers;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace DataTasks.Core.Remotes.S3;

// The download half: one GET for a small object, parallel ranged GETs written in order for a large one, resuming
// an interrupted body where it stopped.
public sealed partial class S3Remote
{
    private const int MaxConsecutiveResumes = 8;

    /// <summary>Downloaded parts are buffered in memory; a configured part larger than this is fetched in chunks of this size.</summary>
    private const long MaxDownloadChunk = 64 * S3Settings.MiB;

    /// <inheritdoc />
    public override async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        var objectKey = Settings.ObjectKey(key);
        try
        {
            // The first GET asks for up to the threshold: an object that size or smaller arrives in this one request, and
            // for a larger one the answer carries the total size, so no HEAD is needed either way.
            GetObjectResponse first;
            try
            {
                first = await GetAsync(objectKey, 0, Settings.MultipartThreshold - 1, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // An empty object has no byte 0: S3 answers 416 to any range.
                first = await GetAsync(objectKey, null, null, cancellationToken).ConfigureAwait(false);
            }

            long total, firstLength;
            using (first)
            {
                (total, firstLength) = Extent(first);
                if (total <= firstLength)
                {
                    await CopyRangeAsync(objectKey, 0, total, first, destination.WriteAsync, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await DownloadLargeAsync(objectKey, first, firstLength, total, destination, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw Fail(ex, S3Activity.Download, key);
        }
    }

    private async Task DownloadLargeAsync(string objectKey, GetObjectResponse first, long firstLength, long total, Stream destination, CancellationToken cancellationToken)
    {
        var chunk = Math.Min(Settings.PartSize, MaxDownloadChunk);
        var window = Settings.DownloadConcurrency;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<(Task<byte[]> Task, int Length)>();
        var next = firstLength;

        void Schedule()
        {
            while (pending.Count < window && next < total)
            {
                var start = next;
                var length = (int)Math.Min(chunk, total - start);
                next += length;
                pending.Enqueue((FetchPartAsync(objectKey, start, length, stop.Token), length));
            }
        }

        try
        {
            // Parts after the first range download in parallel while the first range streams straight into the
            // destination; at most `window` parts are buffered at any time.
            Schedule();
            await CopyRangeAsync(objectKey, 0, firstLength, first, destination.WriteAsync, cancellationToken).ConfigureAwait(false);
            while (pending.Count > 0)
            {
                var (task, length) = pending.Dequeue();
                var buffer = await task.ConfigureAwait(false);
                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                Schedule();
            }
        }
        finally
        {
            if (pending.Count > 0)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                foreach (var (task, _) in pending)
                {
                    try
                    {
                        ArrayPool<byte>.Shared.Return(await task.ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or AmazonServiceException or AmazonClientException or IOException or HttpRequestException)
                    {
                        // Already failing or cancelled; the first error is the one reported.
                    }
                }
            }
        }
    }

    private async Task<byte[]> FetchPartAsync(string objectKey, long start, int length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var filled = 0;
            await CopyRangeAsync(objectKey, start, length, null, (data, _) =>
            {
                data.CopyTo(buffer.AsMemory(filled));
                filled += data.Length;
                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Streams bytes [start, start + length) of the object into <paramref name="sink"/>, starting with
    /// <paramref name="response"/> when one is open. A connection that breaks, stalls or fails transiently is replaced
    /// by a ranged GET for the rest, with exponential backoff and jitter, so no byte is written twice.
    /// </summary>
    private async Task CopyRangeAsync(string objectKey, long start, long length, GetObjectResponse? response, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        var owned = false;
        long done = 0;
        var failures = 0;
        try
        {
            while (done < length)
            {
                int read;
                try
                {
                    if (response is null)
                    {
                        response = await GetAsync(objectKey, start + done, start + length - 1, cancellationToken).ConfigureAwait(false);
                        owned = true;
                    }

                    // Fill the whole buffer before handing it on: the network delivers a few KB per read, and passing
                    // those on one by one cost a write system call (and a stall timer) each.
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    stall.CancelAfter(Settings.ReadStallTimeout);
                    var want = (int)Math.Min(CopyBufferSize, length - done);
                    read = 0;
                    while (read < want)
                    {
                        var n = await response.ResponseStream.ReadAsync(buffer.AsMemory(read, want - read), stall.Token).ConfigureAwait(false);
                        if (n == 0)
                        {
                            throw new IOException("the connection closed before the object was complete");
                        }

                        read += n;
                    }

                    Health.Answered();
                }
                catch (Exception ex) when (failures < MaxConsecutiveResumes && S3Errors.IsTransient(ex, cancellationToken))
                {
                    if (ex is OperationCanceledException && !Health.StallMayRetry())
                    {
                        // The body stalled and the endpoint has answered nothing else for a while: it is down.
                        throw Health.DownError();
                    }

                    failures++;
                    if (owned)
                    {
                        response?.Dispose();
                    }

                    response = null;
                    await Task.Delay(Backoff(failures), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await sink(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                done += read;
                failures = 0;
            }
        }
        finally
        {
            if (owned)
            {
                response?.Dispose();
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Task<GetObjectResponse> GetAsync(string objectKey, long? first, long? last, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = objectKey };
        if (first is not null && last is not null)
        {
            request.ByteRange = new ByteRange(first.Value, last.Value);
        }

        return client.GetObjectAsync(request, cancellationToken);
    }

    /// <summary>The object's total size and how much of it <paramref name="response"/> carries, from Content-Range.</summary>
    private static (long Total, long Carried) Extent(GetObjectResponse response)
    {
        var carried = response.ContentLength;
        var range = response.ContentRange;
        if (response.HttpStatusCode == HttpStatusCode.PartialContent && range is not null)
        {
            var slash = range.LastIndexOf('/');
            if (slash >= 0 && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return (total, carried);
            }
        }

        // A store that ignored the range sent the whole object.
        return (carried, carried);
    }

    /// <summary>Exponential backoff with full jitter: up to 0.25 s, 0.5 s, 1 s, … capped at 20 s.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(20_000, 250 * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
