using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataTasks.Core.Config;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// A remote in an S3 bucket (AWS S3, Cloudflare R2, MinIO or any S3-compatible store): each object lives at
/// <c>prefix/storage_key</c>. Small files go up in one PUT and come down in one GET; large ones use multipart uploads
/// (equal parts, in parallel, streamed from the file) and parallel ranged GETs written in order. Every SDK failure
/// leaves as a <see cref="DataTasksException"/>; credentials come only from the SDK's default chain or a named profile.
/// </summary>
public sealed partial class S3Remote : DataRemote
{
    /// <summary>Up to this many keys, <see cref="FindExistingAsync"/> sends a HEAD per key; beyond it, one listing is cheaper.</summary>
    public const int HeadLimit = 100;

    /// <summary>
    /// Bytes gathered from a response body before they are written on (and read from a file per upload read): the
    /// hashing buffer's size, for the same reason (<see cref="Hashing.ContentHasher.BufferSize"/>: a 1 MiB buffer
    /// falls out of L2, and every write() of it into the page cache cost system time that 256 KiB does not).
    /// </summary>
    private const int CopyBufferSize = Hashing.ContentHasher.BufferSize;

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

    private DataTasksException ClientSetupError(AmazonClientException ex) =>
        ex.Message.Contains("region", StringComparison.OrdinalIgnoreCase) && !ex.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
            ? new DataTasksException(ErrorCodes.ConfigInvalid,
                $"remote {DisplayName}: no AWS region configured; set \"s3\": {{\"region\": …}} in .datatasks/config.json or AWS_REGION", ex)
            : Fail(ex, S3Activity.Probe);
}
