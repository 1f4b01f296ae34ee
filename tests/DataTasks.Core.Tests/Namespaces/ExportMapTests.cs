using DataTasks.Core.Namespaces;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Namespaces;

[TestClass]
public sealed class ExportMapTests
{
    private static string Repo(string root, string relative)
    {
        var dir = Path.Join(root, relative);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, "artifacts.json"), """{"version": 2, "entries": {}}""");
        return dir;
    }

    private static DataTasksException Refused(Action action)
    {
        try
        {
            action();
        }
        catch (DataTasksException ex)
        {
            return ex;
        }

        Assert.Fail("expected a DataTasksException");
        return null!;
    }

    [TestMethod]
    public void Find_WalksUpToTheNearestExportJson_AndOpensEachNamespace()
    {
        using var dir = new TempDir();
        var pesto = Repo(dir.Path, "models/pesto");
        var carbonara = Repo(dir.Path, "models/carbonara");
        File.WriteAllText(Path.Join(dir.Path, "export.json"), """{"pesto": "models/pesto", "carbonara": "./models/carbonara/"}""");

        var map = ExportMap.Find(Path.Join(carbonara, "data"))!;
        Assert.IsNotNull(map);
        Assert.AreEqual(Path.GetFullPath(dir.Path), map.Root);
        CollectionAssert.AreEqual(new[] { "carbonara", "pesto" }, map.Names.ToArray());
        Assert.AreEqual(Path.GetFullPath(pesto), map.Open("pesto").Root);
        Assert.AreEqual(Path.GetFullPath(carbonara), Path.TrimEndingDirectorySeparator(map.Open("carbonara").Root));
        Assert.AreEqual("pesto", map.NameOf(pesto));
        Assert.IsNull(map.NameOf(dir.Path));
    }

    [TestMethod]
    public void Find_WithoutExportJson_IsNull_AndFindRequiredIsDT0705()
    {
        using var dir = new TempDir();
        var repo = Repo(dir.Path, "lone");
        Assert.IsNull(ExportMap.Find(repo));
        Assert.AreEqual(ErrorCodes.NoExportMap, Refused(() => ExportMap.FindRequired(repo)).Code);
    }

    [TestMethod]
    [DataRow("{", "not valid JSON at line 1")]
    [DataRow("[\"pesto\"]", "must be a JSON object")]
    [DataRow("{\"pesto\": 3}", "must map to a folder path string")]
    [DataRow("{\"pe sto\": \"a\"}", "bad namespace name 'pe sto'")]
    [DataRow("{\"-x\": \"a\"}", "bad namespace name '-x'")]
    [DataRow("{\"pesto\": \"a\", \"pesto\": \"b\"}", "names namespace 'pesto' twice")]
    [DataRow("{\"pesto\": \"  \"}", "empty path")]
    public void Load_InvalidMaps_AreDT0701NamingTheProblem(string json, string problem)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Join(dir.Path, "export.json"), json);
        var ex = Refused(() => ExportMap.Find(dir.Path));
        Assert.AreEqual(ErrorCodes.ExportMapInvalid, ex.Code, ex.Message);
        StringAssert.Contains(ex.Message, problem);
        StringAssert.Contains(ex.Message, "export.json");
    }

    [TestMethod]
    [DataRow("../outside")]
    [DataRow("models/../../outside")]
    [DataRow("/etc")]
    public void Load_PathsLeavingTheMonorepo_AreDT0703(string path)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Join(dir.Path, "export.json"), $$"""{"evil": "{{path}}"}""");
        Assert.AreEqual(ErrorCodes.NamespaceLeavesMonorepo, Refused(() => ExportMap.Find(dir.Path)).Code);
    }

    [TestMethod]
    public void Open_UnknownNamespace_DT0702_FolderWithoutManifest_DT0704()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Join(dir.Path, "models/empty"));
        File.WriteAllText(Path.Join(dir.Path, "export.json"), """{"empty": "models/empty"}""");
        var map = ExportMap.Find(dir.Path)!;
        var unknown = Refused(() => map.Open("pesto"));
        Assert.AreEqual(ErrorCodes.UnknownNamespace, unknown.Code);
        StringAssert.Contains(unknown.Message, "known: empty");
        Assert.AreEqual(ErrorCodes.NamespaceNotARepository, Refused(() => map.Open("empty")).Code);
    }

    [TestMethod]
    public void Open_ASymlinkOutOfTheMonorepo_IsDT0703_AndALinkLoopIsDT0706()
    {
        using var dir = new TempDir();
        var mono = Path.Join(dir.Path, "mono");
        Directory.CreateDirectory(mono);
        var outside = Repo(dir.Path, "outside");
        Directory.CreateSymbolicLink(Path.Join(mono, "linked"), outside);
        Directory.CreateSymbolicLink(Path.Join(mono, "loop-a"), Path.Join(mono, "loop-b"));
        Directory.CreateSymbolicLink(Path.Join(mono, "loop-b"), Path.Join(mono, "loop-a"));
        File.WriteAllText(Path.Join(mono, "export.json"), """{"linked": "linked", "loop": "loop-a/x"}""");
        var map = ExportMap.Find(mono)!;
        Assert.AreEqual(ErrorCodes.NamespaceLeavesMonorepo, Refused(() => map.Open("linked")).Code);
        Assert.AreEqual(ErrorCodes.NamespaceCycle, Refused(() => map.Open("loop")).Code);
    }
}
