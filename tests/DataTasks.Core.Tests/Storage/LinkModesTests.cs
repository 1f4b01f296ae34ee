using DataTasks.Core.Config;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>The "link" setting and DATATASKS_LINK: an ordered list of the four modes, anything else DT1001.</summary>
[TestClass]
public sealed class LinkModesTests
{
    [TestMethod]
    public void Parse_KeepsTheOrder_IgnoresCaseAndSpaces_AndDropsRepeats()
    {
        var modes = LinkModes.Parse(" Hardlink, symlink ,copy,hardlink", "test");

        CollectionAssert.AreEqual(new[] { LinkMode.Hardlink, LinkMode.Symlink, LinkMode.Copy }, modes.Order.ToArray());
        Assert.AreEqual("hardlink,symlink,copy", modes.ToString());
        Assert.IsTrue(modes.SharesObjects);
    }

    [TestMethod]
    public void Default_IsReflinkThenCopy_AndSharesNothing()
    {
        CollectionAssert.AreEqual(new[] { LinkMode.Reflink, LinkMode.Copy }, LinkModes.Default.Order.ToArray());
        Assert.IsFalse(LinkModes.Default.SharesObjects);
    }

    [TestMethod]
    [DataRow("hardlinks")]
    [DataRow("hardlink,,copy")]
    [DataRow("")]
    [DataRow("hardlink;copy")]
    [DataRow("copy\nhardlink")]
    public void Parse_OfAnythingButTheFourNames_IsDT1001_OnOneLine(string text)
    {
        var error = TestData.ThrowsCode(ErrorCodes.LinkModeInvalid, () => LinkModes.Parse(text, "\"link\""));

        Assert.IsFalse(error.Message.Contains('\n', StringComparison.Ordinal), error.Message);
        StringAssert.Contains(error.Message, "reflink, hardlink, symlink and copy");
    }

    [TestMethod]
    public void From_ReadsTheSetting_AndTheVariableWins()
    {
        using var dir = new TempDir();
        dir.Write(".datatasks/config.json", "{\"link\": \"symlink,copy\"}");

        var fromFile = LinkModes.From(DataTasksConfig.Load(dir.Path, environment: EnvironmentVariables.From(new Dictionary<string, string?>())));
        var fromVariable = LinkModes.From(DataTasksConfig.Load(dir.Path, environment: EnvironmentVariables.From(new Dictionary<string, string?> { [LinkModes.Variable] = "hardlink" })));

        Assert.AreEqual("symlink,copy", fromFile.ToString());
        Assert.AreEqual("hardlink", fromVariable.ToString());
    }

    [TestMethod]
    public void From_ASettingThatIsNotAString_IsDT1001()
    {
        using var dir = new TempDir();
        dir.Write(".datatasks/config.json", "{\"link\": [\"hardlink\"]}");

        TestData.ThrowsCode(ErrorCodes.LinkModeInvalid, () => LinkModes.From(DataTasksConfig.Load(dir.Path, environment: EnvironmentVariables.From(new Dictionary<string, string?>()))));
    }

    [TestMethod]
    public void From_NoSetting_IsTheDefault()
    {
        using var dir = new TempDir();

        Assert.AreSame(LinkModes.Default, LinkModes.From(DataTasksConfig.Load(dir.Path, environment: EnvironmentVariables.From(new Dictionary<string, string?>()))));
    }
}
