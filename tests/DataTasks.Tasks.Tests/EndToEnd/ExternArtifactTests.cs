using DataTasks.Tasks.Tests.Infrastructure;

namespace DataTasks.Tasks.Tests.EndToEnd;

/// <summary>
/// &lt;DataArtifact Include="…" Extern="shared" /&gt;: a namespace of the monorepo's export.json, with its own manifest and
/// its own remote, hydrated and copied by the build next to the project's own data, on a fresh clone. The problems an
/// Extern item can have (unknown namespace, nothing selected, a collision, no export.json) are decided by the resolve
/// task alone: Unit/ResolveDataArtifactsTests.
/// </summary>
[TestClass]
public sealed class ExternArtifactTests
{
    [TestMethod]
    public void ExternItems_HydrateFromTheNamespace_CopyUnderExtern_AndStayIncremental()
    {
        using var world = TempWorld.Create();
        var model = TestBytes.Seeded(3000, 1);
        var a = TestBytes.Seeded(200, 2);
        var b = TestBytes.Seeded(300, 3);
        world.Track("data/models/a.onnx", model);

        // The namespace tracks the same path as the project (data/models/a.onnx) with other content: its copy must not
        // land on the project's own.
        var sharedRemote = world.AddNamespace("libs/shared",
            ("data/words/a.txt", a), ("data/words/b.txt", b), ("data/models/a.onnx", TestBytes.Seeded(50, 4)), ("data/other.bin", TestBytes.Seeded(10, 5)));
        world.WriteExportMap(("shared", "libs/shared"));
        world.Write("libs/shared/.gitignore", "data/\n");
        world.Write("src/App/App.csproj", TempWorld.SdkProject("""
            <DataArtifact Include="../../data/models/a.onnx" />
            <DataArtifact Include="data/words/*.txt" Extern="shared" />
            <DataArtifact Include="data/models/a.onnx" Extern="shared" />
            """));
        world.Write("src/App/Class1.cs", "namespace App; public static class Class1 { }\n");
        var clone = world.CommitAndClone();
        var app = Path.Join(clone, "src", "App");
        var bin = Path.Join(app, "bin", "Debug", "net10.0");
        var shared = Path.Join(clone, "libs", "shared");

        // 1. Fresh clone: the namespace glob (a manifest path of the namespace, dropped by evaluation) selects from the
        //    namespace's manifest; its files come from its own remote into its own tree, and are copied to extern/shared/.
        var first = world.DotnetOk(app, "build");
        Assert.AreEqual(4, first.DownloadedFromRemote, first.Output);
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Join(shared, "data", "words", "a.txt")));
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Join(bin, "extern", "shared", "data", "words", "a.txt")));
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(bin, "extern", "shared", "data", "words", "b.txt")));
        CollectionAssert.AreEqual(model, File.ReadAllBytes(Path.Join(bin, "data", "models", "a.onnx")), "the project's own copy keeps its manifest path");
        Assert.AreEqual(50, new FileInfo(Path.Join(bin, "extern", "shared", "data", "models", "a.onnx")).Length);
        Assert.IsFalse(File.Exists(Path.Join(shared, "data", "other.bin")), "only the selected entries are hydrated");

        // 2. No-op with every remote gone: nothing hydrated, and from the second build on the selection (namespace
        //    files included) comes from the cache under obj/ without running the resolve task.
        Directory.Move(world.Remote, world.Remote + ".gone");
        Directory.Move(sharedRemote, sharedRemote + ".gone");
        world.DotnetOk(app, "build");
        var cached = world.DotnetOk(app, "build", "-v:d");
        StringAssert.Contains(cached.Output, "Skipping target \"DataTasksHydrate\" because all output files are up-to-date");
        var ranResolve = new System.Text.RegularExpressions.Regex("^\\s*Task \"ResolveDataArtifacts\"\\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.IsFalse(ranResolve.IsMatch(cached.Output), cached.Output);
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(bin, "extern", "shared", "data", "words", "b.txt")));

        // 3. A deleted namespace file is noticed and restored from the machine cache (the remotes are still gone).
        File.Delete(Path.Join(shared, "data", "words", "b.txt"));
        var repaired = world.DotnetOk(app, "build");
        StringAssert.Contains(repaired.Output, "0 from the remote (0B), 1 from the machine cache");
        CollectionAssert.AreEqual(b, File.ReadAllBytes(Path.Join(shared, "data", "words", "b.txt")));

        // 4. CI verify re-hashes the namespace's files too.
        File.WriteAllText(Path.Join(shared, "data", "words", "a.txt"), "edited");
        var verify = world.Dotnet(app, "build", "-p:DataTasksVerifyOnBuild=true");
        Assert.AreNotEqual(0, verify.ExitCode, verify.Output);
        StringAssert.Contains(verify.Output, "error DT0303: data/words/a.txt (namespace shared) does not match artifacts.json");
    }
}
