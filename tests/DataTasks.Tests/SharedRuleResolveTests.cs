namespace DataTasks.Tests;

/// <summary>Core's namespace-name rule, as Resolve applies it: a DataArtifactException with the code, never Core's own exception type.</summary>
[TestClass]
public sealed class SharedRuleResolveTests
{
    [TestMethod]
    public async Task ExportMap_WithABadNamespaceName_IsDT0701()
    {
        using var repo = new RuntimeRepo();
        File.WriteAllText(Path.Join(repo.Root, "export.json"), """{"bad name": "libs/shared"}""");
        var resolver = new DataArtifactResolver(new DataArtifactResolverOptions { AppDirectory = Path.Join(repo.Base, "bin"), RepositoryRoot = repo.Root, CacheDirectory = repo.Cache });

        var error = await Assert.ThrowsAsync<DataArtifactException>(() => resolver.ResolveAsync("data/a.bin", namespaceName: "shared"));

        Assert.AreEqual("DT0701", error.Code, error.Message);
        StringAssert.Contains(error.Message, "bad namespace name 'bad name'");
    }
}
