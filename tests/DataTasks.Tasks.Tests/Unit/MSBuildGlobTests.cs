namespace DataTasks.Tasks.Tests.Unit;

[TestClass]
public sealed class MSBuildGlobTests
{
    [TestMethod]
    [DataRow("data/models/**/*.onnx", "data/models/a.onnx", true)]
    [DataRow("data/models/**/*.onnx", "data/models/x/y/a.onnx", true)]
    [DataRow("data/models/**/*.onnx", "data/modelsx/a.onnx", false)]
    [DataRow("data/models/**/*.onnx", "data/models/a.onnx.bak", false)]
    [DataRow("data/*", "data/a.bin", true)]
    [DataRow("data/*", "data/sub/a.bin", false)]
    [DataRow("data/**", "data/sub/a.bin", true)]
    [DataRow("data/?.bin", "data/a.bin", true)]
    [DataRow("data/?.bin", "data/ab.bin", false)]
    [DataRow("*.bin", "a.bin", true)]
    [DataRow("*.bin", "data/a.bin", false)]
    [DataRow("data/*/model.onnx", "data/v1/model.onnx", true)]
    [DataRow("data/a+b(1).bin", "data/a+b(1).bin", true)]
    public void Matches_LikeMSBuildIncludes(string pattern, string path, bool expected) =>
        Assert.AreEqual(expected, MSBuildGlob.Create(pattern).IsMatch(path));

    [TestMethod]
    [DataRow("data/models/**/*.onnx", "data/models")]
    [DataRow("data/*/model.onnx", "data")]
    [DataRow("*.bin", "")]
    public void FixedBase_IsTheFoldersBeforeTheFirstWildcard(string pattern, string expected) =>
        Assert.AreEqual(expected, MSBuildGlob.Create(pattern).FixedBase);
}
