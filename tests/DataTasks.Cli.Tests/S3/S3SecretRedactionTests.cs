using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// A store that echoes the request's headers (Authorization with its Credential and Signature, the session token) back
/// in its error message: nothing of the credentials may reach stdout or stderr, at default verbosity or --verbose.
/// </summary>
[TestClass]
public sealed partial class S3SecretRedactionTests
{
    private const string AccessKeyId = "ASIAQ7X2EXAMPLE9ZK3W";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLETOKENaCXVzLWVhc3QtMSJHMEUCIQDxyzSessionTokenBodyThatIsLong+/=";

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void SetCredentials(TestContext context) => S3Environment.Apply();

    [TestMethod]
    [DataRow("pull", false, 403, "AccessDenied", DisplayName = "pull, 403")]
    [DataRow("pull", true, 403, "AccessDenied", DisplayName = "pull --verbose, 403")]
    [DataRow("pull", true, 400, "InvalidRequest", DisplayName = "pull --verbose, 400")]
    [DataRow("push", false, 403, "SignatureDoesNotMatch", DisplayName = "push, 403")]
    [DataRow("push", true, 403, "SignatureDoesNotMatch", DisplayName = "push --verbose, 403")]
    [DataRow("push", true, 400, "InvalidRequest", DisplayName = "push --verbose, 400")]
    public async Task AStoreEchoingTheSignedRequest_NoCredentialSignatureOrTokenIsPrinted(string command, bool verbose, int status, string s3Code)
    {
        await using var server = ScriptedHttpServer.EchoingError(status, s3Code);
        using var repo = await TempRepo.CreateAsync(init: true, withRemote: false);
        WriteS3Config(repo, server.Endpoint);
        var bytes = repo.WriteRandom("data/model.bin", 5_000, 31);
        if (command == "push")
        {
            // More files than S3Remote.HeadLimit: push asks with one listing (a GET the store answers with its echo),
            // and that failure ends the command through the CLI's own error path (and, with --verbose, its stack trace).
            for (var i = 0; i < 101; i++)
            {
                repo.WriteRandom($"data/small/f{i:D3}.bin", 100, 1000 + i);
            }

            await repo.RunOkAsync("add", "data");
        }
        else
        {
            repo.WriteManifest([("data/model.bin", TestHash.Sha256(bytes), bytes.Length)]);
            File.Delete(repo.PathOf("data/model.bin"));
        }

        string[] args = verbose ? ["--verbose", command] : [command];
        var result = await repo.RunProcessAsync(args, new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
            ["AWS_SESSION_TOKEN"] = SessionToken,
        });

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        var echoed = string.Join("\n", server.Heads);
        StringAssert.Contains(echoed, AccessKeyId, "the store was sent the signed request it echoes");
        StringAssert.Contains(echoed, SessionToken, "the store was sent the session token it echoes");
        Assert.IsTrue(result.ErrLines.Any(l => l.StartsWith("error DT", StringComparison.Ordinal)), result.ToString());
        if (verbose)
        {
            // The echoed message does reach the output (redacted), so the test exercises the redaction, not a truncation.
            StringAssert.Contains(result.Stderr, "x-amz-security-token", result.ToString());
        }

        var secrets = new List<string> { AccessKeyId, SecretKey, SessionToken, Uri.EscapeDataString(SessionToken) };
        secrets.AddRange(SignatureValue().Matches(echoed).Select(m => m.Groups[1].Value));
        secrets.AddRange(CredentialValue().Matches(echoed).Select(m => m.Groups[1].Value));
        Assert.IsGreaterThan(4, secrets.Count, $"the signed headers were found in what the store received\n{echoed}");
        foreach (var secret in secrets.Distinct())
        {
            Assert.IsFalse(result.Stdout.Contains(secret, StringComparison.Ordinal), $"'{secret}' leaked to stdout\n{result}");
            Assert.IsFalse(result.Stderr.Contains(secret, StringComparison.Ordinal), $"'{secret}' leaked to stderr\n{result}");
        }

        // The credential scope's date and region part alone is no secret, but the key id in front of it is.
        Assert.IsFalse(result.Stderr.Contains("ASIAQ7X2", StringComparison.Ordinal), result.ToString());
    }

    internal static void WriteS3Config(TempRepo repo, string endpoint, JsonObject? extra = null)
    {
        var s3 = new JsonObject { ["endpoint"] = endpoint, ["provider"] = "minio", ["region"] = S3Environment.Region };
        foreach (var (k, v) in extra ?? [])
        {
            s3[k] = v?.DeepClone();
        }

        var config = new JsonObject { ["remote"] = "s3://outage-bucket/team", ["s3"] = s3 };
        var path = Path.Join(repo.Root, ".datatasks", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, config.ToJsonString() + "\n", new UTF8Encoding(false));
    }

    [GeneratedRegex(@"Signature=([0-9a-f]{16,})")]
    private static partial Regex SignatureValue();

    [GeneratedRegex(@"Credential=([^,\s]+)")]
    private static partial Regex CredentialValue();
}
