using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

/// <summary>The one entry-selection rule (MSBuild Include semantics), shared by pull --pattern and the SDK.</summary>
[TestClass]
public sealed class EntryGlobTests
{
    [TestMethod]
    [DataRow("data/models/**/*.onnx", "data/models/a.onnx", true)]
    [DataRow("data/models/**/*.onnx", "data/models/x/y/a.onnx", true)]
    [DataRow("data/models/**/*.onnx", "data/modelsx/a.onnx", false)]
    [DataRow("data/models/**/*.onnx", "data/models/a.onnx.bak", false)]
    [DataRow("data/*", "data/a.bin", true)]
    [DataRow("data/*", "data/sub/a.bin", false)]
    [DataRow("data/**", "data/a.bin", true)]
    [DataRow("data/**", "data/sub/a.bin", true)]
    [DataRow("data/**", "database/a.bin", false)]
    [DataRow("data/**/**", "data/sub/a.bin", true)]
    [DataRow("**/*.csv", "a.csv", true)]
    [DataRow("**/*.csv", "x/y/a.csv", true)]
    [DataRow("**", "x/y/a.csv", true)]
    [DataRow("data/?.bin", "data/a.bin", true)]
    [DataRow("data/?.bin", "data/ab.bin", false)]
    [DataRow("*.bin", "a.bin", true)]
    [DataRow("*.bin", "data/a.bin", false)]
    [DataRow("data/*/model.onnx", "data/v1/model.onnx", true)]
    [DataRow("data/*/model.onnx", "data/v1/x/model.onnx", false)]
    [DataRow("data/a**b", "data/axyb", true)]
    [DataRow("data/a**b", "data/a/b", false)]
    [DataRow("data/a+b(1).bin", "data/a+b(1).bin", true)]
    [DataRow("data/[ab]*.bin", "data/[ab]1.bin", true)]
    [DataRow("data/[ab]*.bin", "data/a1.bin", false)]
    [DataRow("./data//*.bin", "data/a.bin", true)]
    [DataRow("data\\*.bin", "data/a.bin", true)]
    public void Matches_LikeMSBuildIncludes(string pattern, string path, bool expected) =>
        Assert.AreEqual(expected, EntryGlob.Parse(pattern, ignoreCase: false).IsMatch(path), $"{pattern} ~ {path}");

    [TestMethod]
    public void Case_FollowsTheFileSystemsRule()
    {
        Assert.IsFalse(EntryGlob.Parse("Data/*.BIN", ignoreCase: false).IsMatch("data/a.bin"));
        Assert.IsTrue(EntryGlob.Parse("Data/*.BIN", ignoreCase: true).IsMatch("data/a.bin"));
        Assert.AreEqual(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS(), EntryGlob.Parse("Data/*.BIN").IsMatch("data/a.bin"));
    }

    [TestMethod]
    [DataRow("data/models/**/*.onnx", "data/models")]
    [DataRow("data/*/model.onnx", "data")]
    [DataRow("*.bin", "")]
    public void FixedBase_IsTheFoldersBeforeTheFirstWildcard(string pattern, string expected) =>
        Assert.AreEqual(expected, EntryGlob.Parse(pattern).FixedBase);

    [TestMethod]
    public void Select_KeepsTheOrderOfTheEntries() =>
        CollectionAssert.AreEqual(new[] { "data/b.csv", "data/a.csv" },
            EntryGlob.Parse("data/*.csv").Select(["data/b.csv", "data/x/c.csv", "data/a.csv", "a.csv"]).ToArray());

    [TestMethod]
    public void EmptyPattern_IsRejected() =>
        Assert.ThrowsExactly<ArgumentException>(() => EntryGlob.Parse("/./"));
}
