using DataTasks.Core.Config;

namespace DataTasks.Core.Tests.Config;

[TestClass]
public sealed class OfflineSwitchTests
{
    private static EnvironmentVariables With(string? value) =>
        EnvironmentVariables.From(new Dictionary<string, string?> { [OfflineSwitch.Variable] = value });

    [TestMethod]
    [DataRow("1", true)]
    [DataRow("true", true)]
    [DataRow("TRUE", true)]
    [DataRow(" 1 ", true)]
    [DataRow("0", false)]
    [DataRow("false", false)]
    [DataRow("", false)]
    [DataRow(null, false)]
    public void IsOn_OnlyFor1OrTrue(string? value, bool on) => Assert.AreEqual(on, OfflineSwitch.IsOn(With(value)));

    [TestMethod]
    public void TheNoRemoteOpener_IsDT0801NamingTheSwitchAndTheCache()
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(() => OfflineSwitch.NoRemote(OfflineSwitch.VariableSpelling, "/tmp/cache")());
        Assert.AreEqual("DT0801", ex.Code);
        StringAssert.Contains(ex.Message, "DATATASKS_OFFLINE=1");
        StringAssert.Contains(ex.Message, "/tmp/cache");
    }

    [TestMethod]
    public void PushNeedsRemote_IsDT0607_AUsageError()
    {
        var ex = OfflineSwitch.PushNeedsRemote("DataTasksOffline is true");
        Assert.AreEqual("DT0607", ex.Code);
        Assert.IsTrue(ex.IsUsageError, "a setting, like a missing remote: exit 2");
    }
}
