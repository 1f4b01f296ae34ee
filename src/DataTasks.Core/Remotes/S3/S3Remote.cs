using System.Buffers;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataTasks.Core.Config;
using DataTasks.Core.Manifest;
using Microsoft.Win32.SafeHandles;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// A remote in an S3 bucket (AWS S3, Cloudflare R2, MinIO or any S3-compatible store): each object lives at
/// <c>prefix/storage_key</c>. Small files go up in one PUT and come down in one GET; large ones use multipart uploads
/// (equal parts, in parallel, streamed from the file) and parallel ranged GETs written in order. Every SDK failure
/// leaves as a <see cref="DataTasksException"/>; credentials come only from the SDK's default chain or a named profile.
/// </summary>
public sealed class S3Remote : DataRemote
{
    /// <summary>Up to this many keys, <see cref="FindExistingAsync"/> sends a HEAD per key; beyond it, one listing is cheaper.</summary>
    public const int HeadLimit = 100;

    private const int MaxParts = 10_000;
    private const int MaxConsecutiveResumes = 8;
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Downloaded parts are buffered in memory; a configured part larger than this is fetched in chunks of this size.</summary>
    private const long MaxDownloadChunk = 64 * S3Settings.MiB;

    private readonly AmazonS3Client client;

    /// <summary>Set once the endpoint refused connections after every retry; later calls fail fast with it.</summary>
    private DataTasksException? down;

    /// <summary>Bounds part uploads across every concurrent upload of this remote, so --jobs times parts cannot explode.</summary>
    private readonly SemaphoreSlim partSlots;

    /// <summary>Opens the S3 remote described by <paramref name="settings"/>. No request is made until the first operation.</summary>
    public S3Remote(S3Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        ClientConfig = settings.CreateClientConfig();
        Health = new ConnectionHealth(settings);
        ClientConfig.HttpClientFactory = new StallGuardHttpClientFactory(Health);
        ConnectionHealth.Attach(ClientConfig, Health);
        RetryAfterHandler.EnsureRegistered();
        OutageHandler.EnsureRegistered();
        SecretRegistrationHandler.EnsureRegistered();
        try
        {
            client = new AmazonS3Client(ClientConfig);
        }
        catch (AmazonClientException ex)
        {
            throw ClientSetupError(ex);
        }

        partSlots = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
    }

    /// <summary>Opens the remote at the s3:// <paramref name="url"/> with the repository's configuration and the environment.</summary>
    public static S3Remote Create(string url, DataTasksConfig config) => new(S3Settings.Resolve(url, config));

    /// <summary>The resolved settings (bucket, prefix, provider preset and overrides).</summary>
    public S3Settings Settings { get; }

    /// <summary>The SDK configuration the client was built with (endpoint, addressing, checksums, retries, timeouts).</summary>
    public AmazonS3Config ClientConfig { get; }

    /// <inheritdoc />
    public override string DisplayName => Settings.Url;

    /// <inheritdoc />
    public override int MaxConcurrency => Settings.MaxConcurrency;

    private string Bucket => Settings.Bucket;

    /// <summary>Whether the endpoint is alive, shared by every request of this remote (connection budget, stalls).</summary>
    private ConnectionHealth Health { get; }

    /// <inheritdoc />
    public override async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        try
        {
            await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = Settings.ObjectKey(key) }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && !IsNoSuchBucket(ex))
        {
            return false;
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw Fail(ex, S3Activity.Probe, key);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A copy of the object onto itself with replaced metadata: S3's only way to renew LastModified without sending the
    /// bytes again. CopyObject stops at 5 GiB; a larger object keeps its date (a multipart copy would be needed).
    /// </remarks>
    public override async Task RefreshAsync(string key, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        var objectKey = Settings.ObjectKey(key);
        try
        {
            await client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = Bucket,
                SourceKey = objectKey,
                DestinationBucket = Bucket,
                DestinationKey = objectKey,
                MetadataDirective = S3MetadataDirective.REPLACE,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.BadRequest && string.Equals(ex.ErrorCode, "InvalidRequest", StringComparison.OrdinalIgnoreCase))
        {
            // Over CopyObject's size limit: the grace period cannot be renewed for it, nothing else is wrong.
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw Fail(ex, S3Activity.Upload, key);
        }
    }

    /// <inheritdoc />
    public override async Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count <= HeadLimit)
        {
            return await base.FindExistingAsync(keys, cancellationToken).ConfigureAwait(false);
        }

        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var o in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Contains(o.Key))
            {
                found.Add(o.Key);
            }
        }

        return found;
    }

    /// <inheritdoc />
    public override async Task UploadAsync(string key, string sourceFile, Action<long>? progress, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sourceFile);
        SafeFileHandle handle;
        long size;
        try
        {
            handle = File.OpenHandle(sourceFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            size = RandomAccess.GetLength(handle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot read {sourceFile}: {ex.Message}", ex);
        }

        using (handle)
        {
            if (size < Settings.MultipartThreshold)
            {
                await PutAsync(key, sourceFile, handle, size, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PutMultipartAsync(key, sourceFile, handle, size, progress, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PutAsync(string key, string sourceFile, SafeFileHandle handle, long size, Action<long>? progress, CancellationToken cancellationToken)
    {
        if (size == 0 && key != ContentKey.Empty)
        {
            throw Changed(sourceFile, key);
        }

        // Cancelled by the body itself when the bytes read do not hash to the key, before the last of them is sent.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var body = new FileSliceStream(handle, 0, size, key, abort.Cancel);
        await using (body.ConfigureAwait(false))
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Settings.ObjectKey(key),
                InputStream = body,
                AutoCloseStream = false,
                AutoResetStreamPosition = true,
                ContentType = "application/octet-stream",
                UseChunkEncoding = Settings.ChunkedEncoding,
                DisablePayloadSigning = !Settings.SignsPayload(size),
            };
            if (Settings.Sha256Checksum)
            {
                // The key is the SHA-256 of the content: the store itself refuses a body that does not match it.
                request.ChecksumSHA256 = Convert.ToBase64String(Convert.FromHexString(key));
            }

            var reporter = new ProgressReporter(progress);
            request.StreamTransferProgress += reporter.OnProgress;
            try
            {
                await client.PutObjectAsync(request, abort.Token).ConfigureAwait(false);
                reporter.Complete(size);
            }
            catch (Exception) when (body.Mismatched)
            {
                throw Changed(sourceFile, key);
            }
            catch (Exception ex) when (ShouldMap(ex, cancellationToken))
            {
                throw Fail(ex, S3Activity.Upload, key);
            }

            if (size > 0 && body.CompletedHash is null)
            {
                // Never expected: the SDK sent the body without reading it to the end through our stream.
                throw new DataTasksException(ErrorCodes.TransferFailed, $"object {key[..8]}…: the upload to {DisplayName} could not be verified; run the command again");
            }
        }
    }

    private async Task PutMultipartAsync(string key, string sourceFile, SafeFileHandle handle, long size, Action<long>? progress, CancellationToken cancellationToken)
    {
        // Equal parts (R2 requires every part but the last to be the same size), grown when the file would need more
        // than S3's 10,000 parts, rounded up to whole MiB.
        var partSize = Settings.PartSize;
        if ((size + partSize - 1) / partSize > MaxParts)
        {
            partSize = ((size + MaxParts - 1) / MaxParts + S3Settings.MiB - 1) / S3Settings.MiB * S3Settings.MiB;
        }

        var partCount = (int)((size + partSize - 1) / partSize);
        var objectKey = Settings.ObjectKey(key);
        string uploadId;
        try
        {
            var initiate = new InitiateMultipartUploadRequest { BucketName = Bucket, Key = objectKey, ContentType = "application/octet-stream" };
            if (Settings.Sha256Checksum)
            {
                initiate.ChecksumAlgorithm = ChecksumAlgorithm.SHA256;
            }

            uploadId = (await client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false)).UploadId;
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw Fail(ex, S3Activity.Upload, key);
        }

        try
        {
            var etags = new PartETag[partCount];
            var sentHashes = new byte[partCount][];
            var options = new ParallelOptions { MaxDegreeOfParallelism = Settings.MaxConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, partCount), options, async (index, ct) =>
            {
                await partSlots.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var offset = index * partSize;
                    var length = Math.Min(partSize, size - offset);
                    var body = new FileSliceStream(handle, offset, length);
                    await using (body.ConfigureAwait(false))
                    {
                        var request = new UploadPartRequest
                        {
                            BucketName = Bucket,
                            Key = objectKey,
                            UploadId = uploadId,
                            PartNumber = index + 1,
                            InputStream = body,
                            PartSize = length,
                            IsLastPart = index == partCount - 1,
                            UseChunkEncoding = Settings.ChunkedEncoding,
                            DisablePayloadSigning = !Settings.SignsPayload(length),
                        };
                        if (Settings.Sha256Checksum)
                        {
                            request.ChecksumAlgorithm = ChecksumAlgorithm.SHA256;
                        }

                        var reporter = new ProgressReporter(progress);
                        request.StreamTransferProgress += reporter.OnProgress;
                        var response = await client.UploadPartAsync(request, ct).ConfigureAwait(false);
                        reporter.Complete(length);
                        sentHashes[index] = body.CompletedHash ?? throw Changed(sourceFile, key);
                        etags[index] = new PartETag(response) { PartNumber = index + 1 };
                    }
                }
                finally
                {
                    partSlots.Release();
                }
            }).ConfigureAwait(false);

            // SHA-256 does not compose across parts uploaded out of order, so the file is read once more: each part
            // must still hash to what was sent, and the whole to the key. Only then does the object become visible.
            await VerifyPartsAsync(handle, size, partSize, sentHashes, key, sourceFile, cancellationToken).ConfigureAwait(false);
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = objectKey,
                UploadId = uploadId,
                PartETags = [.. etags],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await AbortMultipartAsync(objectKey, uploadId).ConfigureAwait(false);
            if (ShouldMap(ex, cancellationToken))
            {
                throw Fail(ex, S3Activity.Upload, key);
            }

            throw;
        }
    }

    private static async Task VerifyPartsAsync(SafeFileHandle handle, long size, long partSize, byte[][] sentHashes, string key, string sourceFile, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var part = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long position = 0;
            var index = 0;
            while (position < size)
            {
                var partEnd = Math.Min(size, (index + 1) * partSize);
                var want = (int)Math.Min(CopyBufferSize, partEnd - position);
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), position, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw Changed(sourceFile, key);
                }

                whole.AppendData(buffer, 0, read);
                part.AppendData(buffer, 0, read);
                position += read;
                if (position == partEnd)
                {
                    if (!part.GetHashAndReset().AsSpan().SequenceEqual(sentHashes[index]))
                    {
                        throw Changed(sourceFile, key);
                    }

                    index++;
                }
            }

            if (Convert.ToHexString(whole.GetHashAndReset()).ToLowerInvariant() != key)
            {
                throw Changed(sourceFile, key);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Best effort, even after cancellation: an unfinished multipart upload keeps its parts (and their cost) until aborted.</summary>
    private async Task AbortMultipartAsync(string objectKey, string uploadId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = objectKey, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or IOException or HttpRequestException or OperationCanceledException)
        {
            // The original failure is what the user needs to see; a bucket lifecycle rule cleans up what is left.
        }
    }

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

    /// <inheritdoc />
    public override async IAsyncEnumerable<RemoteObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfDown();
        var prefix = Settings.Prefix.Length == 0 ? null : Settings.Prefix + "/";
        string? continuation = null;
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await client.ListObjectsV2Async(new ListObjectsV2Request
                {
                    BucketName = Bucket,
                    Prefix = prefix,
                    Delimiter = "/",
                    ContinuationToken = continuation,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ShouldMap(ex, cancellationToken))
            {
                throw Fail(ex, S3Activity.Probe);
            }

            foreach (var o in page.S3Objects ?? [])
            {
                var name = prefix is null ? o.Key : o.Key[prefix.Length..];
                if (ContentKey.IsValid(name))
                {
                    var modified = o.LastModified is { } m ? new DateTimeOffset(m.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;
                    yield return new RemoteObject(name, o.Size ?? 0, modified);
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var batch in keys.Where(ContentKey.IsValid).Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            DeleteObjectsResponse response;
            try
            {
                response = await client.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = Bucket,
                    Objects = batch.Select(k => new KeyVersion { Key = Settings.ObjectKey(k) }).ToList(),
                    Quiet = true,

                    // DeleteObjects is refused without a body checksum even where checksums are otherwise off;
                    // CRC32 is the one every store that speaks the flexible-checksum headers accepts.
                    ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ShouldMap(ex, cancellationToken))
            {
                throw Fail(ex, S3Activity.Probe);
            }

            var failed = (response.DeleteErrors ?? []).Where(e => !string.Equals(e.Code, "NoSuchKey", StringComparison.OrdinalIgnoreCase)).ToList();
            if (failed.Count > 0)
            {
                var e = failed[0];
                if (string.Equals(e.Code, "AccessDenied", StringComparison.OrdinalIgnoreCase))
                {
                    throw S3Errors.AccessDenied(Settings, null);
                }

                throw new DataTasksException(ErrorCodes.TransferFailed,
                    $"remote {DisplayName} did not delete {failed.Count} object(s), the first with {e.Code}: {S3Errors.Sanitize(e.Message)}");
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        client.Dispose();
        partSlots.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Maps a failure; one that could not connect at all (after the SDK's retries) marks the remote as down, so the
    /// remaining operations of this run fail at once instead of each waiting out its own retries.
    /// </summary>
    private DataTasksException Fail(Exception ex, S3Activity activity, string? key = null)
    {
        var mapped = S3Errors.Map(ex, Settings, activity, key);
        if (mapped.Code == ErrorCodes.RemoteUnavailable && S3Errors.IsConnectFailure(ex))
        {
            Interlocked.CompareExchange(ref down, mapped, null);
        }

        return mapped;
    }

    private void ThrowIfDown()
    {
        Health.ThrowIfDown();
        if (Volatile.Read(ref down) is { } failure)
        {
            throw new DataTasksException(failure.Code, failure.Message, failure);
        }
    }

    /// <summary>Every failure is mapped except the caller's own cancellation, which stays an <see cref="OperationCanceledException"/>.</summary>
    private static bool ShouldMap(Exception ex, CancellationToken cancellationToken) =>
        ex is not DataTasksException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static bool IsNoSuchBucket(AmazonS3Exception ex) => string.Equals(ex.ErrorCode, "NoSuchBucket", StringComparison.OrdinalIgnoreCase);

    private static DataTasksException Changed(string sourceFile, string key) =>
        new(ErrorCodes.FileChangedDuringRead,
            $"{sourceFile} changed after it was hashed (expected {key[..8]}…); nothing was stored; run 'dotnet data add' on it again, then push");

    private DataTasksException ClientSetupError(AmazonClientException ex) =>
        ex.Message.Contains("region", StringComparison.OrdinalIgnoreCase) && !ex.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
            ? new DataTasksException(ErrorCodes.ConfigInvalid,
                $"remote {DisplayName}: no AWS region configured; set \"s3\": {{\"region\": …}} in .datatasks/config.json or AWS_REGION", ex)
            : Fail(ex, S3Activity.Probe);

    /// <summary>
    /// Reports each byte of one request once: the SDK's progress restarts on a retry and fires only every so many
    /// bytes, so only advances past the furthest point reported are passed on, and <see cref="Complete"/> reports the
    /// rest once the store has accepted the body.
    /// </summary>
    private sealed class ProgressReporter(Action<long>? progress)
    {
        private readonly object gate = new();
        private long reported;

        public void OnProgress(object? sender, StreamTransferProgressArgs args) => AdvanceTo(args.TransferredBytes);

        public void Complete(long length) => AdvanceTo(length);

        private void AdvanceTo(long position)
        {
            if (progress is null)
            {
                return;
            }

            lock (gate)
            {
                var delta = position - reported;
                if (delta <= 0)
                {
                    return;
                }

                reported = position;
                progress(delta);
            }
        }
    }
}
