using System.Text;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// One test's world against the shared radosgw (<see cref="RadosGateway"/>): a real git repository with its own machine
/// cache and its own new bucket. .datatasks/config.json names <c>s3://&lt;bucket&gt;/&lt;prefix&gt;</c> and, unless told
/// otherwise, the gateway's endpoint and the given provider preset. Disposing deletes the repository; the bucket dies
/// with the cluster.
/// </summary>
internal sealed class RadosWorld : IDisposable
{
    public const string Prefix = "team/datasets";

    private RadosWorld(TempRepo repo, RadosGateway gateway, string bucket)
    {
        Repo = repo;
        Gateway = gateway;
        Bucket = bucket;
    }

    public TempRepo Repo { get; }

    public RadosGateway Gateway { get; }

    public string Bucket { get; }

    public string RemoteUrl => $"s3://{Bucket}/{Prefix}";

    /// <summary>Creates the repository and a bucket, and writes the config: the endpoint (unless <paramref name="withEndpoint"/> is false), the provider (unless null), extra "s3" settings.</summary>
    public static async Task<RadosWorld> CreateAsync(string? provider, JsonObject? extraS3Settings = null, bool withEndpoint = true)
    {
        var gateway = await RadosGateway.SharedAsync();
        var bucket = await gateway.CreateBucketAsync();
        var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        var world = new RadosWorld(repo, gateway, bucket);
        world.WriteConfig(provider, extraS3Settings, withEndpoint);
        return world;
    }

    /// <summary>(Re)writes .datatasks/config.json.</summary>
    public void WriteConfig(string? provider, JsonObject? extraS3Settings = null, bool withEndpoint = true)
    {
        var s3 = new JsonObject();
        if (withEndpoint)
        {
            s3["endpoint"] = Gateway.Endpoint;
        }

        if (provider is not null)
        {
            s3["provider"] = provider;
        }

        if (provider is not "r2")
        {
            s3["region"] = S3Environment.Region;
        }

        foreach (var (k, v) in extraS3Settings ?? [])
        {
            s3[k] = v?.DeepClone();
        }

        var config = new JsonObject { ["remote"] = RemoteUrl, ["s3"] = s3 };
        var path = Path.Join(Repo.Root, ".datatasks", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>The bucket key of an object: &lt;prefix&gt;/&lt;storage key&gt;.</summary>
    public static string BucketKey(string storageKey) => $"{Prefix}/{storageKey}";

    /// <summary>Every object key in the bucket, sorted ordinally, as radosgw lists them.</summary>
    public async Task<string[]> ListKeysAsync()
    {
        using var client = Gateway.CreateClient();
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The bytes radosgw holds under <paramref name="key"/>.</summary>
    public async Task<byte[]> ReadObjectAsync(string key)
    {
        using var client = Gateway.CreateClient();
        using var response = await client.GetObjectAsync(Bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>When radosgw last wrote <paramref name="key"/>.</summary>
    public async Task<DateTime> LastModifiedAsync(string key)
    {
        using var client = Gateway.CreateClient();
        var head = await client.GetObjectMetadataAsync(Bucket, key);
        return head.LastModified!.Value.ToUniversalTime();
    }

    /// <summary>Multipart uploads radosgw still holds open in the bucket.</summary>
    public async Task<int> PendingMultipartUploadsAsync()
    {
        using var client = Gateway.CreateClient();
        var uploads = await client.ListMultipartUploadsAsync(Bucket);
        return uploads.MultipartUploads?.Count ?? 0;
    }

    /// <summary>Diagnostics for assertion messages: the result and the gateway's last log lines.</summary>
    public string Diagnostics(CliResult? result = null) => (result is null ? string.Empty : result + "\n") + Gateway.RecentLogs();

    public void Dispose() => Repo.Dispose();
}
