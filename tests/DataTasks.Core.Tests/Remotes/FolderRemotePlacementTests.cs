using DataTasks.Core.Config;
using DataTasks.Core.Remotes;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Remotes;

/// <summary>A folder remote may not be a place where objects would land among the repository's own files.</summary>
[TestClass]
public sealed class FolderRemotePlacementTests
{
    private const string Manifest = "{\"version\": 2, \"entries\": {\"data/models/a.bin\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"2024-01-02T03:04:05Z\"}, \"assets/b.bin\": {\"storage_key\": null, \"size\": 1, \"created_at\": \"2024-01-02T03:04:05Z\"}}}";

    [TestMethod]
    [DataRow(".")]
    [DataRow("./")]
    [DataRow("sub/..")]
    [DataRow(".git")]
    [DataRow(".GIT/objects")]
    [DataRow(".datatasks")]
    [DataRow(".datatasks/state")]
    [DataRow("data")]
    [DataRow("data/remote")]
    [DataRow("data/models")]
    [DataRow("data/models/cache")]
    [DataRow("assets")]
    [DataRow("assets/remote")]
    public void Create_FolderAmongTheRepositorysOwnFiles_IsDT0207(string remote)
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", Manifest);
        var ex = TestData.ThrowsCode(ErrorCodes.RemoteInsideTree, () => RemoteFactory.Create(dir.Path, remote, DataTasksConfig.Load(dir.Path)));
        StringAssert.Contains(ex.Message, remote);
    }

    [TestMethod]
    public void Create_RootAsAbsolutePathOrFileUrl_IsDT0207()
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", Manifest);
        var config = DataTasksConfig.Load(dir.Path);
        TestData.ThrowsCode(ErrorCodes.RemoteInsideTree, () => RemoteFactory.Create(dir.Path, dir.Path, config));
        TestData.ThrowsCode(ErrorCodes.RemoteInsideTree, () => RemoteFactory.Create(dir.Path, new Uri(dir.Path).AbsoluteUri, config));
        TestData.ThrowsCode(ErrorCodes.RemoteInsideTree, () => RemoteFactory.Create(dir.Path, new Uri(dir.Combine(".git")).AbsoluteUri, config));
    }

    [TestMethod]
    [DataRow("remote")]
    [DataRow("../remote")]
    [DataRow("store/objects")]
    [DataRow("datastore")]
    [DataRow("assets2")]
    public void Create_FolderElsewhere_IsAFolderRemote(string remote)
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", Manifest);
        Assert.IsInstanceOfType<FolderRemote>(RemoteFactory.Create(dir.Path, remote, DataTasksConfig.Load(dir.Path)));
    }
}
