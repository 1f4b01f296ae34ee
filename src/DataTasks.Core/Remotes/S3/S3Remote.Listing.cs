using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Remotes.S3;

// Listing and deletion: the bucket-wide operations of gc, and the existence check that switches to a listing
// when HEAD per key would cost more.
public sealed partial class S3Remote
{
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
}
