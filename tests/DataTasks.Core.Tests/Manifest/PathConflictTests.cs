using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>No path can be a file and a folder at once: an entry may not be the parent folder of another.</summary>
[TestClass]
public sealed class PathConflictTests
{
    private static string Entry(string path) =>
        "\"" + path + "\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"2024-01-02T03:04:05Z\"}";

    [TestMethod]
    [DataRow("data/x", "data/x/y")]
    [DataRow("data/x/y/z", "data/x")]
    [DataRow("a", "a/b/c/d")]
    public void Parse_FileThatIsAlsoAFolder_IsDT0107(string first, string second)
    {
        var text = "{\"version\": 2, \"entries\": {" + Entry(first) + ", " + Entry("data/other") + ", " + Entry(second) + "}}";
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestPathConflict, () => DataManifest.Parse(text));
        StringAssert.Contains(ex.Message, $"'{(first.Length < second.Length ? first : second)}'");
    }

    [TestMethod]
    public void Parse_SiblingsSharingAPrefix_AreFine()
    {
        var text = "{\"version\": 2, \"entries\": {" + Entry("data/x") + ", " + Entry("data/x.bin") + ", " + Entry("data/xy/z") + ", " + Entry("data/x-1/y") + "}}";
        Assert.AreEqual(4, DataManifest.Parse(text).Count);
    }

    [TestMethod]
    public async Task ManifestUpdate_ThatWouldMakeAFileAFolder_IsRefused_AndTheManifestIsUnchanged()
    {
        using var dir = new TempDir();
        var file = dir.Write("artifacts.json", "{\"version\": 2, \"entries\": {" + Entry("data/x") + "}}");
        var before = File.ReadAllBytes(file);
        var repository = DataRepository.At(dir.Path);

        await TestData.ThrowsCodeAsync(ErrorCodes.ManifestPathConflict, () => ManifestUpdate.ApplyAsync(repository, m =>
            m.Set(new ManifestEntry { Path = "data/x/y", Size = 1, CreatedAt = DateTimeOffset.UnixEpoch }), CancellationToken.None));

        CollectionAssert.AreEqual(before, File.ReadAllBytes(file));
    }
}
