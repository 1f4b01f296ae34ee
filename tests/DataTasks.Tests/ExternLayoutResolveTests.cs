using DataTasks.Core.Namespaces;

namespace DataTasks.Tests;

/// <summary>Resolve finds a namespace's copy where the SDK places it (<see cref="ExternLayout"/>).</summary>
[TestClass]
public sealed class ExternLayoutResolveTests
{
    [TestMethod]
    public async Task ANamespaceCopyAtTheSharedLayout_IsWhatResolveReturns()
    {
        using var repo = new RuntimeRepo();
        var app = Path.Join(repo.Base, "bin");
        var copy = Path.Join(app, ExternLayout.TargetPath("pesto", "data/m/a.bin"));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllBytes(copy, TestBytes.Seeded(20, 3));

        var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = app, RepositoryRoot = repo.Root, CacheDirectory = repo.Cache });

        Assert.AreEqual(Path.GetFullPath(copy), Path.GetFullPath(await resolver.ResolveAsync("data/m/a.bin", namespaceName: "pesto")));
    }
}
