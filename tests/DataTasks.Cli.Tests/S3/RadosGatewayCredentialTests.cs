using System.Text.RegularExpressions;
using DataTasks.Cli.Tests.Infrastructure;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// Wrong credentials against radosgw, which (unlike s3rver) checks every signature: push and pull fail with DT0206 and
/// never print the secret or a signature, not even with --verbose. The real tool runs as a child process with the
/// wrong secret in its environment, as a user's shell would give it.
/// </summary>
[TestClass]
public sealed partial class RadosGatewayCredentialTests
{
    private const string WrongSecret = "wrongSecretKey0123456789abcdefWRONG";

    [TestMethod]
    [DataRow("push")]
    [DataRow("push", "--verbose")]
    [DataRow("pull")]
    [DataRow("pull", "--verbose")]
    public async Task WrongSecret_FailsWithDT0206_AndNeverPrintsTheSecretOrASignature(params string[] command)
    {
        using var world = await RadosWorld.CreateAsync("minio");
        var repo = world.Repo;
        var content = repo.WriteRandom("data/a.bin", 30_000, 1);
        await repo.RunOkAsync("add", "data");
        if (command[0] == "pull")
        {
            var push = await repo.RunAsync("push");
            Assert.AreEqual(0, push.ExitCode, world.Diagnostics(push));
            Directory.Delete(repo.PathOf("data"), recursive: true);
            TempDir.DeleteDirectory(repo.Cache);
        }

        var result = await repo.RunProcessAsync(command, new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = WrongSecret });

        Assert.AreEqual(1, result.ExitCode, world.Diagnostics(result));
        Assert.IsTrue(result.ErrLines.Any(l => l.StartsWith("error DT0206: ", StringComparison.Ordinal)), result.ToString());
        var output = result.Stdout + result.Stderr;
        Assert.IsFalse(output.Contains(WrongSecret, StringComparison.Ordinal), $"the secret was printed\n{result}");
        Assert.IsFalse(output.Contains(WrongSecret[..12], StringComparison.Ordinal), $"part of the secret was printed\n{result}");
        Assert.IsFalse(SignatureValue().IsMatch(output), $"a signature was printed\n{result}");
        if (command[0] == "pull")
        {
            Assert.IsFalse(repo.Exists("data/a.bin"), "nothing was materialised with refused credentials");
        }
        else
        {
            Assert.IsNull(repo.StorageKey("data/a.bin"), "a refused push writes no key");
            CollectionAssert.DoesNotContain(await world.ListKeysAsync(), RadosWorld.BucketKey(TestHash.Sha256(content)));
        }
    }

    [GeneratedRegex("(Signature|X-Amz-Signature)\\s*[=:]\\s*[0-9a-f]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex SignatureValue();
}
