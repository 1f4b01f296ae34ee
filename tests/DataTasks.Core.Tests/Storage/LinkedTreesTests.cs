using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Storage;

/// <summary>The record of trees that link into a machine cache: one record per tree, read back by content.</summary>
[TestClass]
public sealed class LinkedTreesTests
{
    [TestMethod]
    public void Register_OneRecordPerTree_AndRootsListsEachOnce()
    {
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var first = Directory.CreateDirectory(dir.Combine("repo-a")).FullName;
        var second = Directory.CreateDirectory(dir.Combine("repo-b")).FullName;

        Assert.IsFalse(File.Exists(DataRepository.At(first).LinkedMarkerPath));

        LinkedTrees.Register(cache, DataRepository.At(first));
        LinkedTrees.Register(cache, DataRepository.At(first));
        LinkedTrees.Register(cache, DataRepository.At(second));

        Assert.HasCount(2, Directory.GetFiles(Path.Join(cache.Directory, "trees")));
        CollectionAssert.AreEquivalent(new[] { first, second }, LinkedTrees.Roots(cache).ToArray());
        Assert.IsTrue(File.Exists(DataRepository.At(first).LinkedMarkerPath), "the tree is marked too, for the SDK");
        Assert.IsTrue(File.Exists(Path.Join(first, ".datatasks", "state", ".gitignore")), "in the state folder git never sees");
    }

    [TestMethod]
    public void Roots_TwoRecordsOfOneTree_ListItOnce_AndForgetTreesThatAreGone()
    {
        // A tree recorded by an older version under another name, and again now.
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var tree = Directory.CreateDirectory(dir.Combine("repo")).FullName;
        LinkedTrees.Register(cache, DataRepository.At(tree));
        var trees = Path.Join(cache.Directory, "trees");
        File.WriteAllText(Path.Join(trees, "0123456789abcdef0123456789abcdef"), tree + "\n");
        var gone = Path.Join(trees, "fedcba9876543210fedcba9876543210");
        File.WriteAllText(gone, dir.Combine("deleted-repo") + "\n");

        CollectionAssert.AreEqual(new[] { tree }, LinkedTrees.Roots(cache).ToArray());
        Assert.IsFalse(File.Exists(gone), "a tree that no longer exists is forgotten");
    }
}
