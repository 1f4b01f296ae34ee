using System.Text;
using System.Text.Json.Nodes;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// One test's S3 world: a real git repository with its own machine cache (<see cref="TempRepo"/>), its own s3rver
/// process and data folder, and optionally a recording/fault-injecting proxy in front of it. The repository's
/// .datatasks/config.json names <c>s3://&lt;bucket&gt;/&lt;prefix&gt;</c> with the minio preset and the proxy's endpoint
/// (or s3rver's when there is no proxy). Everything is stopped and deleted on dispose, so tests run in parallel.
/// </summary>
internal sealed class S3World : IAsyncDisposable
{
    public const string Prefix = "team/datasets";

    private S3World(TempRepo repo, S3rverServer server, S3Proxy? proxy)
    {
        Repo = repo;
        Server = server;
        Proxy = proxy;
    }

    /// <summary>Asserts every file came back byte for byte and that verify agrees.</summary>
    public static async Task AssertRestoredAsync(TempRepo repo, IReadOnlyDictionary<string, byte[]> files)
    {
        foreach (var (path, bytes) in files)
        {
            Assert.IsTrue(repo.Exists(path), $"{path} was not restored");
            CollectionAssert.AreEqual(bytes, repo.Read(path), path);
        }

        var verify = await repo.RunAsync("verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
    }

    public TempRepo Repo { get; }

    public S3rverServer Server { get; }

    public S3Proxy? Proxy { get; }

    /// <summary>The remote URL as configured: s3://bucket/prefix.</summary>
    public string RemoteUrl => $"s3://{Server.Bucket}/{Prefix}";

    /// <summary>The endpoint the tool talks to: the proxy's when there is one.</summary>
    public string Endpoint => Proxy?.Endpoint ?? Server.Endpoint;

    /// <summary>Creates the repository (git init + dotnet data init), starts s3rver (and a proxy) and writes the S3 config.</summary>
    public static async Task<S3World> CreateAsync(bool withProxy = false, JsonObject? extraS3Settings = null)
    {
        S3Environment.Apply();
        var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        S3rverServer? server = null;
        try
        {
            server = await S3rverServer.StartAsync(Path.Join(repo.Base, "s3rver-data"));
            var world = new S3World(repo, server, withProxy ? S3Proxy.Start(server.Port) : null);
            world.WriteConfig(extraS3Settings);
            return world;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            repo.Dispose();
            throw;
        }
    }

    /// <summary>(Re)writes .datatasks/config.json: the s3:// remote, the endpoint, provider minio, region us-east-1, plus extra "s3" settings.</summary>
    public void WriteConfig(JsonObject? extraS3Settings = null)
    {
        var s3 = new JsonObject
        {
            ["endpoint"] = Endpoint,
            ["provider"] = "minio",
            ["region"] = S3Environment.Region,
        };
        if (extraS3Settings is not null)
        {
            foreach (var (k, v) in extraS3Settings)
            {
                s3[k] = v?.DeepClone();
            }
        }

        var config = new JsonObject { ["remote"] = RemoteUrl, ["s3"] = s3 };
        var path = Path.Join(Repo.Root, ".datatasks", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>The bucket key of an object: &lt;prefix&gt;/&lt;storage key&gt;.</summary>
    public static string BucketKey(string storageKey) => $"{Prefix}/{storageKey}";

    /// <summary>Puts content straight into the bucket under &lt;prefix&gt;/&lt;sha256&gt; (anonymous PUT, bypassing DataTasks) and returns the key.</summary>
    public async Task<string> SeedObjectAsync(byte[] content)
    {
        var key = TestHash.Sha256(content);
        await Server.PutObjectAsync(BucketKey(key), content);
        return key;
    }

    /// <summary>Removes the tree's data/ folder and the machine cache, so the next pull must download everything.</summary>
    public void ForgetLocalCopies()
    {
        if (Directory.Exists(Repo.PathOf("data")))
        {
            Directory.Delete(Repo.PathOf("data"), recursive: true);
        }

        TempDir.DeleteDirectory(Repo.Cache);
    }

    /// <summary>Diagnostics for assertion messages: the last proxied requests and s3rver's last lines.</summary>
    public string Diagnostics(CliResult? result = null)
    {
        var sb = new StringBuilder();
        if (result is not null)
        {
            sb.Append(result).Append('\n');
        }

        if (Proxy is not null)
        {
            sb.Append("--- last proxied requests ---\n").Append(S3Proxy.Describe(Proxy.Requests.TakeLast(40))).Append('\n');
            if (Proxy.Errors.Count > 0)
            {
                sb.Append("--- proxy errors ---\n").Append(string.Join('\n', Proxy.Errors.TakeLast(20))).Append('\n');
            }
        }

        sb.Append("--- s3rver ---\n").Append(string.Join('\n', Server.RecentOutput.Split('\n').TakeLast(30)));
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                await Server.DisposeAsync();
            }
            finally
            {
                Repo.Dispose();
            }
        }
    }
}
