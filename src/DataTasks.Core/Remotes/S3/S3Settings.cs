using Amazon.Runtime;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// The resolved settings of one S3 remote. Precedence, lowest first: the provider preset, the "s3" object of
/// .datatasks/config.json merged with config.local.json, environment variables, and the remote URL (bucket and prefix).
/// Credentials are never part of these settings: the AWS SDK's default chain (or the named profile) supplies them.
/// </summary>
public sealed partial record S3Settings
{
    /// <summary>Bytes in a mebibyte; sizes in the configuration are given in MiB.</summary>
    public const long MiB = 1024 * 1024;

    /// <summary>The URL as the user wrote it; the remote's display name.</summary>
    public required string Url { get; init; }

    /// <summary>The bucket name.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key prefix without leading or trailing slashes; empty when objects sit at the bucket root.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The provider whose preset supplied the defaults.</summary>
    public S3Provider Provider { get; init; } = S3Provider.Aws;

    /// <summary>The endpoint URL (scheme, host, port), or null for AWS's regional endpoints.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The signing region, or null to let the SDK resolve it (AWS provider only).</summary>
    public string? Region { get; init; }

    /// <summary>The shared-config profile whose credentials to use, or null for the default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>True for path-style URLs (endpoint/bucket/key) instead of virtual-hosted ones (bucket.endpoint/key).</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>When the SDK adds a flexible checksum (CRC32) to requests.</summary>
    public RequestChecksumCalculation ChecksumCalculation { get; init; } = RequestChecksumCalculation.WHEN_SUPPORTED;

    /// <summary>When the SDK validates response checksums.</summary>
    public ResponseChecksumValidation ResponseValidation { get; init; } = ResponseChecksumValidation.WHEN_SUPPORTED;

    /// <summary>True to send uploads as aws-chunked bodies (with checksum trailers); many S3-compatible stores cannot decode them.</summary>
    public bool ChunkedEncoding { get; init; } = true;

    /// <summary>True to sign the payload's SHA-256; false sends UNSIGNED-PAYLOAD (honoured only over https, never for empty bodies).</summary>
    public bool PayloadSigning { get; init; } = true;

    /// <summary>True to send x-amz-checksum-sha256 with uploads, so the store itself verifies the content against its key.</summary>
    public bool Sha256Checksum { get; init; }

    /// <summary>Uploads and downloads at or above this size use multipart uploads and parallel ranged GETs.</summary>
    public long MultipartThreshold { get; init; } = 64 * MiB;

    /// <summary>The size of every part but the last (R2 requires equal parts).</summary>
    public long PartSize { get; init; } = 16 * MiB;

    /// <summary>How many requests one remote runs at once (parts of one object, and the per-remote cap on --jobs).</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>How many ranged GETs of one object are in flight (and buffered) at once.</summary>
    public int DownloadConcurrency => Math.Min(4, MaxConcurrency);

    /// <summary>Retries the SDK makes per request (after the first attempt), with exponential backoff and jitter.</summary>
    public int MaxErrorRetry { get; init; } = 8;

    /// <summary>The limit for one request, body included for uploads (a 16 MiB part at 60 KB/s fits).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The limit for opening a connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A request or download that moves no byte for this long is abandoned and retried (a download resumes with a new
    /// ranged GET); <c>"s3": {"stall_timeout_seconds": …}</c>.
    /// </summary>
    public TimeSpan ReadStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True when a body of <paramref name="length"/> bytes is signed. Unsigned payloads need TLS (the SDK refuses them
    /// over http) and the .NET SDK fails an empty upload with payload signing disabled, so those are always signed.
    /// </summary>
    public bool SignsPayload(long length) =>
        PayloadSigning || length == 0 || (Endpoint is not null && Endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The S3 object key of a storage key: <c>prefix/key</c>, or just the key without a prefix.</summary>
    public string ObjectKey(string storageKey) => Prefix.Length == 0 ? storageKey : Prefix + "/" + storageKey;
}
