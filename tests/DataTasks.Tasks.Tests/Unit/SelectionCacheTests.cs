namespace DataTasks.Tasks.Tests.Unit;

[TestClass]
public sealed class SelectionCacheTests
{
    [TestMethod]
    public void Escape_UsesMSBuildEscapes_ForCharactersMSBuildWouldExpandOrSplit() =>
        Assert.AreEqual("/d/a%3bb%25c%2a%3f%40%24%28x%29%27.bin", SelectionCache.Escape("/d/a;b%c*?@$(x)'.bin"));
}
