namespace DataTasks.Tasks.Tests.Unit;

/// <summary>
/// $(DataTasksOffline) defaults from DATATASKS_OFFLINE, the switch the CLI and the runtime read, and an explicit
/// property still wins. Evaluates the SDK's targets file from the source tree (no pack, no build).
/// </summary>
[TestClass]
public sealed class OfflineSwitchTargetsTests
{
    private static string Evaluate(string? variable, params string[] properties)
    {
        using var dir = new TempDir("dt-offline-targets");
        var targets = Path.Join(SolutionRoot.Find(), "sdk", "DataTasks.Sdk", "build", "DataTasks.Sdk.targets");
        dir.Write("p.proj", $"""<Project><Import Project="{targets}" /></Project>""");
        var (exitCode, output) = DotnetProcess.Run(dir.Path, ["msbuild", "p.proj", "-getProperty:DataTasksOffline", "-nologo", .. properties],
            new Dictionary<string, string?> { ["DATATASKS_OFFLINE"] = variable });
        Assert.AreEqual(0, exitCode, output);
        return output.Trim();
    }

    [TestMethod]
    [DataRow("1", "true")]
    [DataRow("TRUE", "true")]
    [DataRow("0", "false")]
    [DataRow(null, "false")]
    public void TheDefault_FollowsTheVariable(string? variable, string expected) => Assert.AreEqual(expected, Evaluate(variable));

    [TestMethod]
    public void AnExplicitProperty_WinsOverTheVariable() => Assert.AreEqual("false", Evaluate("1", "-p:DataTasksOffline=false"));
}
