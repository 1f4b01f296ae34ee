using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using DataTasks.Core.Config;

namespace DataTasks.Core.Remotes.S3;

// Reading and merging: the provider preset, then the "s3" configuration object, then environment variables, with the
// bucket and prefix from the URL.
public sealed partial record S3Settings
{
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
}
