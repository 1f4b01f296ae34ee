using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataTasks.Core.Manifest;
using Microsoft.Win32.SafeHandles;

namespace DataTasks.Core.Remotes.S3;

// The upload half: one PUT for a small file, a parallel multipart upload streamed from the file for a large one,
// both checked against the content key the file was hashed to.
public sealed partial class S3Remote
{
    private const int MaxParts = 10_000;

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

    private static DataTasksException Changed(string sourceFile, string key) =>
        new(ErrorCodes.FileChangedDuringRead,
            $"{sourceFile} changed after it was hashed (expected {key[..8]}…); nothing was stored; run 'dotnet data add' on it again, then push");

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
