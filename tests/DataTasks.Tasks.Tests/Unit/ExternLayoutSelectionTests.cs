using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;

namespace DataTasks.Tasks.Tests.Unit;

/// <summary>The SDK places a namespace's copies where the runtime looks for them: both follow <see cref="ExternLayout"/>.</summary>
[TestClass]
public sealed class ExternLayoutSelectionTests
{
    [TestMethod]
    public void AnExternItemWithoutLink_IsCopiedWhereTheResolverLooks()
    {
        var root = Path.Join(Path.GetTempPath(), "dt-extern-layout");
        var manifest = DataManifest.Parse("{\"version\": 2, \"entries\": {}}");
        manifest.Set(new ManifestEntry { Path = "data/w/a.txt", StorageKey = new string('b', 64), Size = 1, CreatedAt = DateTimeOffset.UnixEpoch });
        var request = new ArtifactRequest("data/w/a.txt", [], new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), "App.csproj", 0);

        var selection = ArtifactSelection.Select(root, manifest, root, [request], [], externName: "pesto");

        Assert.AreEqual(0, selection.Problems.Count, string.Join("\n", selection.Problems));
        var target = selection.Selected.Single().TargetPath;
        Assert.AreEqual("extern/pesto/data/w/a.txt", target);
        var app = Path.Join(root, "bin");
        Assert.AreEqual(Path.GetFullPath(Path.Join(app, target)), Path.GetFullPath(ExternLayout.AppCopyPath(app, "pesto", "data/w/a.txt")!));
    }
}
