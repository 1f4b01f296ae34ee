using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

// Where requests go and how they are addressed: the endpoint ladder of the AWS configuration, and the SDK client
// configuration the settings produce.
public sealed partial record S3Settings
{
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
}
