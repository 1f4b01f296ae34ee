using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using DataTasks.Core.Config;

namespace DataTasks.Core.Remotes.S3;

/// <summary>The kind of S3-compatible store, which chooses the defaults (a preset) for the protocol settings.</summary>
public enum S3Provider
{
    /// <summary>Amazon S3: the SDK's defaults (flexible checksums, aws-chunked uploads, virtual-hosted buckets).</summary>
    Aws,

    /// <summary>Cloudflare R2: checksums only when required, no aws-chunked bodies, unsigned payloads over https, region "auto".</summary>
    R2,

    /// <summary>MinIO: checksums only when required, no aws-chunked bodies, path-style buckets.</summary>
    Minio,

    /// <summary>Any other S3-compatible store (Ceph, SeaweedFS, s3rver, …): the most conservative protocol settings.</summary>
    Generic,
}

/// <summary>
/// The resolved settings of one S3 remote. Precedence, lowest first: the provider preset, the "s3" object of
/// .datatasks/config.json merged with config.local.json, environment variables, and the remote URL (bucket and prefix).
/// Credentials are never part of these settings: the AWS SDK's default chain (or the named profile) supplies them.
/// </summary>
public sealed record S3Settings
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

    /// <summary>
    /// Resolves the settings of the s3:// remote <paramref name="url"/> from the merged configuration and the
    /// environment it was loaded with. DT0204 for an invalid URL or setting.
    /// </summary>
    public static S3Settings Resolve(string url, DataTasksConfig config) =>
        Resolve(url, config.Settings, config.Variables.Get);

    /// <summary>
    /// Resolves the settings of the s3:// remote <paramref name="url"/> from merged configuration settings and an
    /// environment (a lookup, so tests need not touch the process environment). DT0204 for an invalid URL or setting.
    /// </summary>
    public static S3Settings Resolve(string url, JsonObject settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            return ResolveCore(url, settings, environment);
        }
        catch (DataTasksException ex) when (!ex.Message.StartsWith("remote ", StringComparison.Ordinal))
        {
            // Every message names the remote it is about.
            throw new DataTasksException(ex.Code, $"remote {Redact(url)}: {ex.Message}", ex.InnerException);
        }
    }

    private static S3Settings ResolveCore(string url, JsonObject settings, Func<string, string?> environment)
    {
        var (bucket, prefix) = ParseUrl(url);

        JsonObject s3;
        if (!settings.TryGetPropertyValue("s3", out var node) || node is null)
        {
            s3 = new JsonObject();
        }
        else
        {
            s3 = node as JsonObject ?? throw Invalid("\"s3\" must be an object");
        }

        string? Env(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;

        var profileName = Env("AWS_PROFILE") ?? GetString(s3, "profile");
        var endpoint = ConfiguredEndpoint(environment, profileName, GetString(s3, "endpoint"));
        var providerName = GetString(s3, "provider");
        var provider = providerName is null
            ? (endpoint is null ? S3Provider.Aws : S3Provider.Generic)
            : providerName.ToLowerInvariant() switch
            {
                "aws" or "s3" => S3Provider.Aws,
                "r2" or "cloudflare" => S3Provider.R2,
                "minio" => S3Provider.Minio,
                "generic" => S3Provider.Generic,
                _ => throw Invalid($"\"s3.provider\" is '{providerName}'; use aws, r2, minio or generic"),
            };

        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) ||
                (endpointUri.Scheme != Uri.UriSchemeHttp && endpointUri.Scheme != Uri.UriSchemeHttps) ||
                endpointUri.UserInfo.Length > 0)
            {
                throw Invalid($"the S3 endpoint '{Redact(endpoint)}' is not an http:// or https:// URL (without credentials)");
            }

            endpoint = endpointUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }

        // The preset, then explicit keys.
        var result = provider switch
        {
            S3Provider.R2 => new S3Settings
            {
                Url = url, Bucket = bucket, Prefix = prefix, Provider = provider,
                ChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                ChunkedEncoding = false,
                PayloadSigning = false,
                Region = "auto",
            },
            S3Provider.Minio or S3Provider.Generic => new S3Settings
            {
                Url = url, Bucket = bucket, Prefix = prefix, Provider = provider,
                ChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                ChunkedEncoding = false,
                ForcePathStyle = true,
                Region = "us-east-1",
            },
            _ => new S3Settings { Url = url, Bucket = bucket, Prefix = prefix, Provider = provider },
        };

        var checksum = Env("AWS_REQUEST_CHECKSUM_CALCULATION") is { } envChecksum
            ? ParseRequestChecksum(envChecksum, "AWS_REQUEST_CHECKSUM_CALCULATION")
            : GetString(s3, "checksum") is { } cfgChecksum ? ParseRequestChecksum(cfgChecksum, "\"s3.checksum\"") : result.ChecksumCalculation;
        var validation = Env("AWS_RESPONSE_CHECKSUM_VALIDATION") is { } envValidation
            ? ParseResponseValidation(envValidation, "AWS_RESPONSE_CHECKSUM_VALIDATION")
            : GetString(s3, "checksum") is { } cfgValidation ? ParseResponseValidation(cfgValidation, "\"s3.checksum\"") : result.ResponseValidation;

        result = result with
        {
            Endpoint = endpoint,
            Region = Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? GetString(s3, "region") ?? result.Region,
            Profile = profileName,
            ForcePathStyle = GetBool(s3, "force_path_style") ?? result.ForcePathStyle,
            ChecksumCalculation = checksum,
            ResponseValidation = validation,
            ChunkedEncoding = GetBool(s3, "chunked_encoding") ?? result.ChunkedEncoding,
            PayloadSigning = GetBool(s3, "payload_signing") ?? result.PayloadSigning,
            Sha256Checksum = GetBool(s3, "sha256_checksum") ?? result.Sha256Checksum,
            MultipartThreshold = GetSize(s3, "multipart_threshold_mb") ?? result.MultipartThreshold,
            PartSize = GetSize(s3, "part_size_mb") ?? result.PartSize,
            MaxConcurrency = GetInt(s3, "max_concurrency", 1, 256) ?? result.MaxConcurrency,
        };

        // Outage handling: how long a request may move no byte before it is retried (and the endpoint may be declared down).
        if (GetInt(s3, "stall_timeout_seconds", 1, 3600) is { } stallSeconds)
        {
            result = result with { ReadStallTimeout = TimeSpan.FromSeconds(stallSeconds) };
        }

        if (result.Provider == S3Provider.R2 && result.Endpoint is null)
        {
            throw Invalid("\"s3.provider\" is r2 but no endpoint is set; set \"s3\": {\"endpoint\": \"https://<account id>.r2.cloudflarestorage.com\"}");
        }

        // Without an endpoint and a region, AWS needs one from somewhere: the named profile is the last place to look
        // before the SDK's own fallbacks (AWS_REGION was already read above).
        if (result.Region is null && result.Profile is not null && result.Endpoint is null &&
            new CredentialProfileStoreChain().TryGetProfile(result.Profile, out var profile) && profile.Region is not null)
        {
            result = result with { Region = profile.Region.SystemName };
        }

        return result;
    }

    /// <summary>
    /// The endpoint, in the configuration ladder's order: AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL (variables beat
    /// files), then the repository's own <c>s3.endpoint</c> (a setting this repository chose beats an ambient user
    /// file, as the SDK's own explicit endpoint beats its configured ones), then what the SDK would take from the AWS
    /// config file when the client sets none: the profile's <c>services</c> section (<c>s3 = endpoint_url</c>), then
    /// the profile's own <c>endpoint_url</c>. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
    /// <c>ignore_configured_endpoint_urls</c>) leaves only <c>s3.endpoint</c>. The preset rule must see this endpoint:
    /// an endpoint only the SDK knows about would get the aws preset's trailer checksums, which most S3-compatible
    /// stores refuse.
    /// </summary>
    private static string? ConfiguredEndpoint(Func<string, string?> environment, string? profileName, string? repositoryEndpoint)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;

        var file = AwsConfigFile.Load(environment);
        var profile = profileName ?? "default";
        var ignore = Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ?? file?.ProfileValue(profile, "ignore_configured_endpoint_urls");
        if (string.Equals(ignore, "true", StringComparison.OrdinalIgnoreCase))
        {
            return repositoryEndpoint;
        }

        return Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL") ?? repositoryEndpoint ??
               (file?.ProfileValue(profile, "services") is { } services ? file.ServiceValue(services, "s3", "endpoint_url") : null) ??
               file?.ProfileValue(profile, "endpoint_url");
    }

    /// <summary>
    /// The SDK client configuration for these settings: endpoint or region, addressing style, checksums, retries and
    /// timeouts. Public so tests can check what a configuration produces without a network.
    /// </summary>
    public AmazonS3Config CreateClientConfig()
    {
        var config = new DataTasksS3Config
        {
            ForcePathStyle = ForcePathStyle,
            RequestChecksumCalculation = ChecksumCalculation,
            ResponseChecksumValidation = ResponseValidation,

            // Standard mode: exponential backoff with jitter, throttling errors (503 SlowDown, 429) retried with a
            // token bucket; 8 retries ride out a store restarting or a burst of throttling.
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = MaxErrorRetry,
            ThrottleRetries = true,
            Timeout = RequestTimeout,
            ConnectTimeout = ConnectTimeout,
        };

        if (Endpoint is not null)
        {
            // ServiceURL and RegionEndpoint exclude each other in the SDK: with an endpoint the region only signs.
            config.ServiceURL = Endpoint;
            config.AuthenticationRegion = Region ?? "us-east-1";
        }
        else if (Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        if (Profile is not null)
        {
            config.Profile = new Profile(Profile);
        }

        return config;
    }

    /// <summary>Splits <c>s3://bucket/prefix/path</c>; DT0204 when it has no bucket, credentials, a port, a query or a fragment.</summary>
    internal static (string Bucket, string Prefix) ParseUrl(string url)
    {
        const string scheme = "s3://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"remote '{Redact(url)}' is not an s3:// URL");
        }

        var rest = url[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (bucket.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid($"remote '{Redact(url)}' has credentials in it; remove them and use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or a profile");
        }

        if (bucket.Length is < 3 or > 63 || bucket.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
        {
            throw Invalid($"remote '{url}' does not name a valid bucket; use s3://bucket or s3://bucket/prefix");
        }

        if (prefix.IndexOfAny(['?', '#', '\\']) >= 0 || prefix.Contains("//", StringComparison.Ordinal) ||
            prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            throw Invalid($"remote '{url}' has an invalid prefix; use s3://bucket/folder/subfolder");
        }

        return (bucket, prefix);
    }

    private static DataTasksException Invalid(string message) => new(ErrorCodes.ConfigInvalid, message);

    private static string Redact(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        return start >= 0 && at > start ? url[..(start + 3)] + "***" + url[at..] : url;
    }

    private static string? GetString(JsonObject s3, string name)
    {
        if (!s3.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var s = v.GetValue<string>().Trim();
            return s.Length == 0 ? null : s;
        }

        throw Invalid($"\"s3.{name}\" must be a string");
    }

    private static bool? GetBool(JsonObject s3, string name)
    {
        if (!s3.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"\"s3.{name}\" must be true or false"),
        };
    }

    private static double? GetNumber(JsonObject s3, string name)
    {
        if (!s3.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d))
        {
            return d;
        }

        throw Invalid($"\"s3.{name}\" must be a number");
    }

    private static int? GetInt(JsonObject s3, string name, int min, int max)
    {
        var d = GetNumber(s3, name);
        if (d is null)
        {
            return null;
        }

        if (d != Math.Floor(d.Value) || d < min || d > max)
        {
            throw Invalid($"\"s3.{name}\" is {d.Value.ToString(CultureInfo.InvariantCulture)}; use a whole number from {min} to {max}");
        }

        return (int)d.Value;
    }

    /// <summary>A size in MiB (fractions allowed, so tests can use small parts); at most 5 GiB, S3's part and PUT limit.</summary>
    private static long? GetSize(JsonObject s3, string name)
    {
        var d = GetNumber(s3, name);
        if (d is null)
        {
            return null;
        }

        if (d <= 0 || d > 5 * 1024)
        {
            throw Invalid($"\"s3.{name}\" is {d.Value.ToString(CultureInfo.InvariantCulture)}; use a number of MiB above 0 and at most 5120");
        }

        return Math.Max(1, (long)(d.Value * MiB));
    }

    private static RequestChecksumCalculation ParseRequestChecksum(string value, string source) => value.ToLowerInvariant() switch
    {
        "when_supported" => RequestChecksumCalculation.WHEN_SUPPORTED,
        "when_required" => RequestChecksumCalculation.WHEN_REQUIRED,
        _ => throw Invalid($"{source} is '{value}'; use when_supported or when_required"),
    };

    private static ResponseChecksumValidation ParseResponseValidation(string value, string source) => value.ToLowerInvariant() switch
    {
        "when_supported" => ResponseChecksumValidation.WHEN_SUPPORTED,
        "when_required" => ResponseChecksumValidation.WHEN_REQUIRED,
        _ => throw Invalid($"{source} is '{value}'; use when_supported or when_required"),
    };
}
