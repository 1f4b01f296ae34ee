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

        LinkedTrees.Register(cache, first);
        LinkedTrees.Register(cache, first);
        LinkedTrees.Register(cache, second);

        Assert.HasCount(2, Directory.GetFiles(Path.Join(cache.Directory, "trees")));
        CollectionAssert.AreEquivalent(new[] { first, second }, LinkedTrees.Roots(cache).ToArray());
    }

    [TestMethod]
    public void Roots_TwoRecordsOfOneTree_ListItOnce_AndForgetTreesThatAreGone()
    {
        // A tree recorded by an older version under another name, and again now.
        using var dir = new TempDir();
        var cache = new MachineCache(dir.Combine("cache"));
        var tree = Directory.CreateDirectory(dir.Combine("repo")).FullName;
        LinkedTrees.Register(cache, tree);
        var trees = Path.Join(cache.Directory, "trees");
        File.WriteAllText(Path.Join(trees, "0123456789abcdef0123456789abcdef"), tree + "\n");
        var gone = Path.Join(trees, "fedcba9876543210fedcba9876543210");
        File.WriteAllText(gone, dir.Combine("deleted-repo") + "\n");

        CollectionAssert.AreEqual(new[] { tree }, LinkedTrees.Roots(cache).ToArray());
        Assert.IsFalse(File.Exists(gone), "a tree that no longer exists is forgotten");
    }
}
