using DataTasks.Core.Namespaces;

namespace DataTasks.Core.Tests.Namespaces;

[TestClass]
public sealed class NamespaceNameTests
{
    [TestMethod]
    [DataRow("models", true)]
    [DataRow("a.b_c-1", true)]
    [DataRow("..", false)]
    [DataRow("-x", false)]
    [DataRow("a/b", false)]
    [DataRow("", false)]
    public void IsValid_FollowsExportJsonRule(string name, bool valid) => Assert.AreEqual(valid, NamespaceName.IsValid(name));
}
