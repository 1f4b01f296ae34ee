using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// The &lt;Sdk Name="DataTasks.Sdk" Version="…" /&gt; form, through a whole life: a fresh clone (data/ empty, so the
/// glob matches nothing on disk), a no-op build with the remote gone, repairs, a changed entry, verify, publish, clean.
/// One scenario, because every step is a real build.
/// </summary>
[TestClass]
public sealed class SdkReferenceTests
{
    [TestMethod]
    public void FreshClone_HydratesCopiesAndStaysIncrementalThroughRepairPublishAndClean()
    {
        using var world = TempWorld.Create();
        var a = TestBytes.Seeded(3000, 1);
        var b = TestBytes.Seeded(2000, 2);
        var c = TestBytes.Seeded(100, 3);
        world.Track("data/models/a.onnx", a);
        world.Track("data/models/sub/b.onnx", b);
        world.Track("data/fixtures/c.csv", c);
        world.Track("data/unrelated.bin", TestBytes.Seeded(10, 4));
        world.Write("src/App/App.csproj", TempWorld.SdkProject("""
            <DataArtifact Include="../../data/models/**/*.onnx" />
            <DataArtifact Include="../../data/fixtures/c.csv" Link="fixtures/c.csv" />
            """));
        world.Write("src/App/Class1.cs", "namespace App; public static class Class1 { }\n");
        var clone = world.CommitAndClone();
        var app = Path.Join(clone, "src", "App");
        var bin = Path.Join(app, "bin", "Debug", "net10.0");
        Assert.IsFalse(Directory.Exists(Path.Join(clone, "data")), "a fresh clone has no data/");

        // 1. The plain glob selects from the manifest although nothing is on disk; copies keep their manifest path.
        var first = world.DotnetOk(app, "build");
        Assert.AreEqual(3, first.DownloadedFromRemote, first.Output);
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Join(clone, "data", "models", "a.onnx")));
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Join(bin, "data", "models", "a.onnx")));
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(bin, "data", "models", "sub", "b.onnx")));
        CollectionAssert.AreEqual(c, File.ReadAllBytes(Path.Join(bin, "fixtures", "c.csv")));
        Assert.IsFalse(File.Exists(Path.Join(clone, "data", "unrelated.bin")), "only the selected entries are hydrated");

        // 2. No-op: the remote is gone, and the hydrate target is skipped on its stamp: no network, no hashing.
        Directory.Move(world.Remote, world.Remote + ".gone");
        var noop = world.DotnetOk(app, "build", "-v:d");
        StringAssert.Contains(noop.Output, "Skipping target \"DataTasksHydrate\" because all output files are up-to-date");
        Assert.AreEqual(0, noop.HydrateSummaries.Count, noop.Output);

        // The glob now also matches on disk, so that build resolved once more; from now on the selection comes from its
        // cache under obj/ and a no-op build does not even load the task assembly.
        var ranResolve = new System.Text.RegularExpressions.Regex("^\\s*Task \"ResolveDataArtifacts\"\\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.IsTrue(ranResolve.IsMatch(noop.Output), "the first no-op build resolves (control)\n" + noop.Output);
        var cached = world.DotnetOk(app, "build", "-v:d");
        Assert.IsFalse(ranResolve.IsMatch(cached.Output), cached.Output);
        Assert.IsFalse(cached.Output.Contains("Assembly loaded during TaskRun: DataTasks.Tasks", StringComparison.Ordinal), cached.Output);
        Assert.AreEqual(0, cached.HydrateSummaries.Count, cached.Output);
        Directory.Move(world.Remote + ".gone", world.Remote);

        // 3. Damage: a deleted data file, a deleted output copy, an edited data file. Verify-on-build fails on the edit
        //    (the edit is local work: it is never overwritten); the deleted file comes back from the machine cache.
        File.Delete(Path.Join(clone, "data", "models", "a.onnx"));
        File.Delete(Path.Join(bin, "data", "models", "sub", "b.onnx"));
        File.WriteAllText(Path.Join(clone, "data", "fixtures", "c.csv"), "edited by hand");
        var verify = world.Dotnet(app, "build", "-p:DataTasksVerifyOnBuild=true");
        Assert.AreNotEqual(0, verify.ExitCode, verify.Output);
        StringAssert.Contains(verify.Output, "warning DT0303: data/fixtures/c.csv differs from artifacts.json and was not overwritten");
        StringAssert.Contains(verify.Output, "error DT0303: data/fixtures/c.csv does not match artifacts.json");
        StringAssert.Contains(verify.Output, "0 from the remote (0B), 1 from the machine cache");
        Assert.AreEqual("edited by hand", File.ReadAllText(Path.Join(clone, "data", "fixtures", "c.csv")));

        // 4. Deleting the edit lets the build restore it; the missing output copy is copied again.
        File.Delete(Path.Join(clone, "data", "fixtures", "c.csv"));
        var repaired = world.DotnetOk(app, "build");
        Assert.AreEqual(0, repaired.DownloadedFromRemote, repaired.Output);
        CollectionAssert.AreEqual(c, File.ReadAllBytes(Path.Join(bin, "fixtures", "c.csv")));
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Join(bin, "data", "models", "a.onnx")));
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(bin, "data", "models", "sub", "b.onnx")));

        // 5. A new version of an entry arrives with the manifest (as after a git pull): the stale copy is replaced.
        var a2 = TestBytes.Seeded(3500, 5);
        world.Track("data/models/a.onnx", a2);
        File.Copy(world.PathOf("artifacts.json"), Path.Join(clone, "artifacts.json"), overwrite: true);
        var changed = world.DotnetOk(app, "build");
        Assert.AreEqual(1, changed.DownloadedFromRemote, changed.Output);
        CollectionAssert.AreEqual(a2, File.ReadAllBytes(Path.Join(clone, "data", "models", "a.onnx")));
        CollectionAssert.AreEqual(a2, File.ReadAllBytes(Path.Join(bin, "data", "models", "a.onnx")));

        // 6. Publish takes the same files.
        var publishDir = Path.Join(world.Base, "publish");
        world.DotnetOk(app, "publish", "-o", publishDir);
        CollectionAssert.AreEqual(a2, File.ReadAllBytes(Path.Join(publishDir, "data", "models", "a.onnx")));
        CollectionAssert.AreEqual(c, File.ReadAllBytes(Path.Join(publishDir, "fixtures", "c.csv")));

        // 7. Clean (Debug; publish built Release) removes the copies in bin and the stamp, never data/ or the cache.
        Assert.AreEqual(1, Directory.GetFiles(Path.Join(app, "obj", "Debug", "net10.0"), "DataTasks.*.stamp").Length, "one stamp: incremental clean removed the earlier ones");
        world.DotnetOk(app, "clean");
        Assert.IsFalse(File.Exists(Path.Join(bin, "data", "models", "a.onnx")), "clean must remove the output copy");
        Assert.AreEqual(0, Directory.GetFiles(Path.Join(app, "obj", "Debug", "net10.0"), "DataTasks.*.stamp").Length, "clean must remove the stamp");
        CollectionAssert.AreEqual(a2, File.ReadAllBytes(Path.Join(clone, "data", "models", "a.onnx")));
        Assert.IsTrue(File.Exists(Path.Join(world.Cache, "objects", TestHash.Sha256(a2)[..2], TestHash.Sha256(a2))), "clean must keep the machine cache");
    }
}
