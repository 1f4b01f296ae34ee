using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests;

[TestClass]
public sealed class DataRepositoryTests
{
    private const string EmptyManifest = "{\"version\":2,\"entries\":{}}";

    [TestMethod]
    public void Discover_FromRoot_FindsIt()
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", EmptyManifest);

        var repo = DataRepository.Discover(dir.Path);

        Assert.AreEqual(dir.Path, repo.Root);
        Assert.AreEqual(Path.Join(dir.Path, "artifacts.json"), repo.ManifestFile);
        Assert.AreEqual(Path.Join(dir.Path, ".datatasks", "state"), repo.StateDirectory);
        Assert.AreEqual(0, repo.LoadManifest().Count);
    }

    [TestMethod]
    public void Discover_WalksUpToTheNearestManifest()
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", EmptyManifest);
        dir.Write("inner/artifacts.json", EmptyManifest);
        var deep = dir.Combine("inner/a/b/c");
        Directory.CreateDirectory(deep);
        var shallow = dir.Combine("x/y");
        Directory.CreateDirectory(shallow);

        Assert.AreEqual(dir.Combine("inner"), DataRepository.Discover(deep).Root, "the nearest manifest wins");
        Assert.AreEqual(dir.Path, DataRepository.Discover(shallow).Root);
        Assert.AreEqual(dir.Path, DataRepository.Discover(Path.Join(shallow, "..", "..")).Root, "the start is normalized");
    }

    [TestMethod]
    public void Discover_NoManifestAnywhereUp_ThrowsNoRepository()
    {
        using var dir = new TempDir();
        var start = dir.Combine("a/b");
        Directory.CreateDirectory(start);
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
        {
            Assert.IsFalse(File.Exists(Path.Join(d.FullName, DataManifest.FileName)), $"precondition: a stray {d.FullName}/artifacts.json exists on this machine");
        }

        var ex = TestData.ThrowsCode(ErrorCodes.NoRepository, () => DataRepository.Discover(start));
        Assert.IsTrue(ex.IsUsageError);
    }

    [TestMethod]
    public void Discover_ADirectoryNamedLikeTheManifest_DoesNotCount()
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", EmptyManifest);
        Directory.CreateDirectory(dir.Combine("inner/artifacts.json"));

        Assert.AreEqual(dir.Path, DataRepository.Discover(dir.Combine("inner")).Root);
    }

    [TestMethod]
    public void Discover_MissingDirectory_ThrowsNoSuchDirectory()
    {
        using var dir = new TempDir();
        dir.Write("artifacts.json", EmptyManifest);

        TestData.ThrowsCode(ErrorCodes.NoSuchDirectory, () => DataRepository.Discover(dir.Combine("does-not-exist")));
        TestData.ThrowsCode(ErrorCodes.NoSuchDirectory, () => DataRepository.Discover(dir.Combine("artifacts.json")));
    }

    [TestMethod]
    public void ToRepositoryPath_InsideRoot_IsRelativeSlashPath()
    {
        using var dir = new TempDir();
        var repo = DataRepository.At(dir.Path);
        var sub = dir.Combine("data/sub");

        Assert.AreEqual("data/sub/x.bin", repo.ToRepositoryPath("x.bin", sub));
        Assert.AreEqual("data/y.bin", repo.ToRepositoryPath(Path.Join("..", "y.bin"), sub));
        Assert.AreEqual("data/sub", repo.ToRepositoryPath(".", sub));
        Assert.AreEqual(string.Empty, repo.ToRepositoryPath(dir.Path, "/elsewhere"), "an absolute path ignores the working directory");
        Assert.AreEqual("z", repo.ToRepositoryPath(dir.Combine("z"), "/elsewhere"));
        Assert.AreEqual(dir.Combine("data/x"), repo.FullPathOf("data/x"));
    }

    [TestMethod]
    public void ToRepositoryPath_OutsideRoot_ThrowsPathOutsideRepository()
    {
        using var dir = new TempDir();
        var repo = DataRepository.At(dir.Combine("repo"));

        TestData.ThrowsCode(ErrorCodes.PathOutsideRepository, () => repo.ToRepositoryPath("..", dir.Combine("repo")));
        TestData.ThrowsCode(ErrorCodes.PathOutsideRepository, () => repo.ToRepositoryPath(Path.Join("..", "..", "x"), dir.Combine("repo/a")));
        TestData.ThrowsCode(ErrorCodes.PathOutsideRepository, () => repo.ToRepositoryPath(dir.Combine("repo2/x"), dir.Path));
        var ex = TestData.ThrowsCode(ErrorCodes.PathOutsideRepository, () => repo.ToRepositoryPath("x", dir.Path));
        Assert.Contains("'x'", ex.Message);
    }

    [TestMethod]
    public void EnsureStateDirectory_CreatesFolderWithGitignore()
    {
        using var dir = new TempDir();
        var repo = DataRepository.At(dir.Path);

        var state = repo.EnsureStateDirectory();
        repo.EnsureStateDirectory();

        Assert.AreEqual(repo.StateDirectory, state);
        Assert.AreEqual("# DataTasks local state: never commit\n*\n", File.ReadAllText(Path.Join(state, ".gitignore")));
        CollectionAssert.AreEqual(new[] { ".datatasks/state/.gitignore" }, dir.AllFiles());
    }
}
