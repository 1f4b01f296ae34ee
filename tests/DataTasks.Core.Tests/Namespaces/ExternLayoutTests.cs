using DataTasks.Core.Namespaces;

namespace DataTasks.Core.Tests.Namespaces;

[TestClass]
public sealed class ExternLayoutTests
{
    [TestMethod]
    public void TargetPath_IsExternNamespaceThenTheManifestPath() =>
        Assert.AreEqual("extern/pesto/data/a.bin", ExternLayout.TargetPath("pesto", "data/a.bin"));

    [TestMethod]
    public void AppCopyPath_OwnEntriesKeepTheirManifestPath_NamespacesGoUnderExtern()
    {
        var app = Path.Join(Path.GetTempPath(), "app");
        Assert.AreEqual(Path.Join(app, "data/a.bin"), ExternLayout.AppCopyPath(app, null, "data/a.bin"));
        Assert.AreEqual(Path.Join(app, "extern/pesto/data/a.bin"), ExternLayout.AppCopyPath(app, "pesto", "data/a.bin"));
    }

    [TestMethod]
    [DataRow("..")]
    [DataRow("a/b")]
    [DataRow("")]
    public void AppCopyPath_ForANameThatIsNoNamespace_IsNull(string name) =>
        Assert.IsNull(ExternLayout.AppCopyPath(Path.GetTempPath(), name, "data/a.bin"));

    [TestMethod]
    public void TargetPath_RefusesANameThatIsNoNamespace() =>
        Assert.ThrowsExactly<ArgumentException>(() => ExternLayout.TargetPath("../x", "data/a.bin"));
}
