using DataTasks.Core.Config;
using DataTasks.Core.Snapshots;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Snapshots;

/// <summary>Issue 16: the tag prefix comes from the ladder's snapshot.prefix, data/ when nothing sets it.</summary>
[TestClass]
public sealed class SnapshotPrefixTests
{
    [TestMethod]
    public void NothingSet_IsDataSlash()
    {
        using var dir = new TempDir();
        Assert.AreEqual("data/", SnapshotPrefix.From(ResolvedConfig.Resolve(dir.Path, Env(dir), "laptop")));
    }

    [TestMethod]
    public void TheRepositoryFile_AndAVariableAboveIt_SetThePrefix()
    {
        using var dir = new TempDir();
        dir.Write(".datatasks/config.json", """{"snapshot": {"prefix": "snaps/"}}""");
        Assert.AreEqual("snaps/", SnapshotPrefix.From(ResolvedConfig.Resolve(dir.Path, Env(dir), "laptop")));
        Assert.AreEqual("env-", SnapshotPrefix.From(ResolvedConfig.Resolve(dir.Path, Env(dir, ("DATATASKS_SNAPSHOT_PREFIX", "env-")), "laptop")));
    }

    [TestMethod]
    public void AVariableAlone_SetsThePrefix()
    {
        using var dir = new TempDir();
        Assert.AreEqual("ci/", SnapshotPrefix.From(ResolvedConfig.Resolve(dir.Path, Env(dir, ("DATATASKS_SNAPSHOT_PREFIX", "ci/")), "laptop")));
    }

    [TestMethod]
    [DataRow("\"\"")]
    [DataRow("\"-x/\"")]
    [DataRow("\"two words/\"")]
    [DataRow("\"tab\\t/\"")]
    public void APrefixThatCannotStartATag_IsDT0535(string json)
    {
        using var dir = new TempDir();
        dir.Write(".datatasks/config.json", "{\"snapshot\": {\"prefix\": " + json + "}}");
        TestData.ThrowsCode(ErrorCodes.SnapshotPrefixInvalid, () => SnapshotPrefix.From(ResolvedConfig.Resolve(dir.Path, Env(dir), "laptop")));
    }

    private static EnvironmentVariables Env(TempDir dir, params (string Name, string Value)[] variables)
    {
        var values = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = dir.Combine("xdg"), ["HOME"] = dir.Combine("home") };
        foreach (var (name, value) in variables)
        {
            values[name] = value;
        }

        return EnvironmentVariables.From(values);
    }
}
