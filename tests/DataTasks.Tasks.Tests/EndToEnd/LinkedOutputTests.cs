using DataTasks.Core;
using DataTasks.Core.Storage;
using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// In the hardlink link mode the SDK puts data files into bin/ as hard links to the (read-only) tree file, so a build
/// writes no second copy; the project's own files keep MSBuild's copy. Real builds: a second build, a new version of
/// the same size (every cache object has the same fixed mtime, so only the inode can tell) and clean all succeed with
/// read-only files in bin/, and the shared cache object stays read-only and intact.
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinkedOutputTests
{
    [TestMethod]
    public void HardlinkMode_LinksDataIntoBin_SurvivesRebuildNewVersionAndClean()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Fail("this test needs Linux: the link checks read statx");
        }

        using var world = TempWorld.Create();
        var a = TestBytes.Seeded(3000, 1);
        world.Track("data/a.bin", a);
        world.Write("src/App/App.csproj", TempWorld.SdkProject("""
            <DataArtifact Include="../../data/a.bin" />
            <None Include="notes.txt" CopyToOutputDirectory="PreserveNewest" />
            """));
        world.Write("src/App/notes.txt", "the project's own file\n");
        world.Write("src/App/Class1.cs", "namespace App; public static class Class1 { }\n");
        var clone = world.CommitAndClone();
        File.WriteAllText(Path.Join(clone, ".datatasks", "config.local.json"), "{\"link\": \"hardlink,copy\"}");
        var app = Path.Join(clone, "src", "App");
        var bin = Path.Join(app, "bin", "Debug", "net10.0");
        var tree = Path.Join(clone, "data", "a.bin");
        var output = Path.Join(bin, "data", "a.bin");

        var first = world.DotnetOk(app, "build");
        Assert.IsTrue(File.Exists(DataRepository.At(clone).LinkedMarkerPath), "the hydrate marked the tree as linked\n" + first.Output);

        var cached = FileIdentity.TryGet(CacheObject(world, a))!.Value;
        Assert.IsTrue(FileIdentity.TryGet(tree)!.Value.SameFileAs(cached), "hydrate made the tree file a hard link (control)\n" + first.Output);
        Assert.IsTrue(FileIdentity.TryGet(output)!.Value.SameFileAs(cached), "bin/ shares the inode: no second copy\n" + first.Output);
        Assert.AreEqual(1u, FileIdentity.TryGet(Path.Join(bin, "notes.txt"))!.Value.LinkCount, "the project's own files are copied as before");
        CollectionAssert.AreEqual(a, File.ReadAllBytes(output));

        // A second build over read-only output files.
        var second = world.DotnetOk(app, "build");
        Assert.IsTrue(FileIdentity.TryGet(output)!.Value.SameFileAs(cached), second.Output);

        // A new version of the same size arrives with the manifest: bin/ must follow although the mtime did not change.
        var a2 = TestBytes.Seeded(3000, 2);
        world.Track("data/a.bin", a2);
        File.Copy(world.PathOf("artifacts.json"), Path.Join(clone, "artifacts.json"), overwrite: true);
        var changed = world.DotnetOk(app, "build");
        CollectionAssert.AreEqual(a2, File.ReadAllBytes(tree), changed.Output);
        CollectionAssert.AreEqual(a2, File.ReadAllBytes(output), "bin/ has the new version\n" + changed.Output);
        Assert.IsTrue(FileIdentity.TryGet(output)!.Value.SameFileAs(FileIdentity.TryGet(CacheObject(world, a2))!.Value), changed.Output);

        // Clean removes the read-only output files and leaves the cache objects sealed and intact.
        var clean = world.DotnetOk(app, "clean");
        Assert.IsFalse(File.Exists(output), clean.Output);
        foreach (var content in new[] { a, a2 })
        {
            var path = CacheObject(world, content);
            Assert.IsTrue(new MachineCache(world.Cache).Check(TestHash.Sha256(content), out _), path);
            Assert.IsTrue(LinuxFiles.IsReadOnly(path), "nothing made the shared object writable: " + path);
        }

        CollectionAssert.AreEqual(a2, File.ReadAllBytes(tree));
    }

    [TestMethod]
    public void SymlinkMode_HardLinksTheCacheObjectIntoBin_NotTheSymbolicLink()
    {
        using var world = TempWorld.Create();
        var a = TestBytes.Seeded(3000, 4);
        world.Track("data/a.bin", a);
        world.Write("src/App/App.csproj", TempWorld.SdkProject("""<DataArtifact Include="../../data/a.bin" />"""));
        world.Write("src/App/Class1.cs", "namespace App; public static class Class1 { }\n");
        var clone = world.CommitAndClone();
        File.WriteAllText(Path.Join(clone, ".datatasks", "config.local.json"), "{\"link\": \"symlink,copy\"}");
        var app = Path.Join(clone, "src", "App");
        var output = Path.Join(app, "bin", "Debug", "net10.0", "data", "a.bin");

        var first = world.DotnetOk(app, "build");
        var second = world.DotnetOk(app, "build");

        var cached = FileIdentity.TryGet(CacheObject(world, a))!.Value;
        Assert.IsNotNull(new FileInfo(Path.Join(clone, "data", "a.bin")).LinkTarget, "hydrate made the tree file a symbolic link (control)\n" + first.Output);
        Assert.IsTrue(File.Exists(DataRepository.At(clone).LinkedMarkerPath), first.Output);
        Assert.IsNull(new FileInfo(output).LinkTarget, "bin/ holds no symbolic link into the cache, which a copied output folder would lose");
        Assert.IsTrue(FileIdentity.TryGet(output)!.Value.SameFileAs(cached), "bin/ shares the cache object's inode\n" + second.Output);
        CollectionAssert.AreEqual(a, File.ReadAllBytes(output));
        Assert.IsTrue(LinuxFiles.IsReadOnly(CacheObject(world, a)), "the shared object stays read-only");
    }

    [TestMethod]
    public void CopyMode_MarksNoLinks_AndTheBuildNeverLooksAtEachFileForOne()
    {
        using var world = TempWorld.Create();
        world.Track("data/a.bin", TestBytes.Seeded(3000, 3));
        world.Write("src/App/App.csproj", TempWorld.SdkProject("""<DataArtifact Include="../../data/a.bin" />"""));
        world.Write("src/App/Class1.cs", "namespace App; public static class Class1 { }\n");
        var clone = world.CommitAndClone();
        var app = Path.Join(clone, "src", "App");

        world.DotnetOk(app, "build");
        var noOp = world.DotnetOk(app, "build", "-clp:PerformanceSummary");

        Assert.IsFalse(File.Exists(DataRepository.At(clone).LinkedMarkerPath), "the default reflink,copy shares nothing");
        StringAssert.Contains(noOp.Output, "DataTasksResolve", "control: the summary lists the targets that ran");
        Assert.DoesNotContain("_DataTasksLinkOutput", noOp.Output, "the per-file link check did not run");
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Join(clone, "data", "a.bin")), File.ReadAllBytes(Path.Join(app, "bin", "Debug", "net10.0", "data", "a.bin")));
    }

    [TestMethod]
    public void TheTargetsCheckTheMarkerCoreWrites()
    {
        var marker = Path.GetRelativePath("/repo", DataRepository.At("/repo").LinkedMarkerPath).Replace('\\', '/');
        var targets = File.ReadAllText(Path.Join(SolutionRoot.Find(), "sdk", "DataTasks.Sdk", "build", "DataTasks.Sdk.targets"));
        StringAssert.Contains(targets, "Exists('$(_DataTasksRepositoryRoot)/" + marker + "')");
    }

    private static string CacheObject(TempWorld world, byte[] content)
    {
        var key = TestHash.Sha256(content);
        return Path.Join(world.Cache, "objects", key[..2], key);
    }
}
