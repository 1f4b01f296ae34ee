using System.Diagnostics;
using DataTasks.Core;

namespace DataTasks.Tests;

/// <summary>
/// Every failure of Resolve is a <see cref="DataArtifactException"/> with a stable code: an app can catch the base and
/// branch on <see cref="DataArtifactException.Code"/>, whichever of the two concrete exceptions was thrown.
/// </summary>
[TestClass]
public sealed class DataArtifactExceptionTests
{
    [TestMethod]
    public async Task CatchingTheBase_NotInTheManifest_IsDT0804()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 10, 1);
        var ex = await CatchBaseAsync(repo.Resolver(), "data/b.bin");
        Assert.IsInstanceOfType<DataArtifactNotFoundException>(ex);
        Assert.AreEqual(ErrorCodes.ArtifactNotInManifest, ex.Code);
        Assert.AreEqual("data/b.bin", ex.ArtifactPath);
    }

    [TestMethod]
    public async Task CatchingTheBase_NeverPushedAndMissing_IsDT0805()
    {
        using var repo = new RuntimeRepo();
        repo.AddUnpushed("data/a.bin", present: null);
        var ex = await CatchBaseAsync(repo.Resolver(), "data/a.bin");
        Assert.IsInstanceOfType<DataArtifactNotFoundException>(ex);
        Assert.AreEqual(ErrorCodes.ArtifactNeverPushed, ex.Code);
    }

    [TestMethod]
    public async Task CatchingTheBase_TheConfiguredRepositoryLostItsManifest_IsDT0806()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 10, 1);
        File.Delete(repo.ManifestPath);
        var ex = await CatchBaseAsync(repo.Resolver(), "data/a.bin");
        Assert.IsInstanceOfType<DataArtifactNotFoundException>(ex);
        Assert.AreEqual(ErrorCodes.NoManifestToResolveIn, ex.Code);
        Assert.AreEqual(repo.ManifestPath, ((DataArtifactNotFoundException)ex).ManifestFile);
    }

    [TestMethod]
    public async Task CatchingTheBase_OfflineAndMissing_IsDT0801_AndTheMessageStartsWithIt()
    {
        using var repo = new RuntimeRepo();
        repo.AddPushed("data/a.bin", 1000, 1);
        var ex = await CatchBaseAsync(repo.Resolver(offline: true), "data/a.bin");
        Assert.IsInstanceOfType<DataArtifactUnavailableException>(ex);
        Assert.AreEqual(ErrorCodes.OfflineMissing, ex.Code);
        Assert.AreEqual("data/a.bin", ex.ArtifactPath);
        StringAssert.StartsWith(ex.Message, ErrorCodes.OfflineMissing + ": ");
    }

    [TestMethod]
    public async Task CatchingTheBase_ACorruptRemoteObject_IsDT0301_WithTheEngineErrorInside()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/a.bin", 5000, 1);
        File.WriteAllBytes(Path.Join(repo.Remote, TestHash.Sha256(bytes)), TestBytes.Seeded(5000, 2));
        var ex = await CatchBaseAsync(repo.Resolver(), "data/a.bin");
        Assert.IsInstanceOfType<DataArtifactUnavailableException>(ex);
        Assert.AreEqual(ErrorCodes.ObjectCorrupt, ex.Code);
        Assert.AreEqual(ErrorCodes.ObjectCorrupt, Assert.IsInstanceOfType<DataTasksException>(ex.InnerException).Code);
    }

    [TestMethod]
    public void StandardConstructors_KeepMessageAndInnerException_AndCarryADocumentedCode()
    {
        var inner = new IOException("disk gone");
        DataArtifactException[] created =
        [
            new DataArtifactNotFoundException(),
            new DataArtifactNotFoundException("no such artifact"),
            new DataArtifactNotFoundException("no such artifact", inner),
            new DataArtifactUnavailableException(),
            new DataArtifactUnavailableException("cannot fetch"),
            new DataArtifactUnavailableException("cannot fetch", inner),
        ];

        Assert.AreEqual("no such artifact", created[1].Message);
        Assert.AreSame(inner, created[2].InnerException);
        Assert.AreEqual("cannot fetch", created[4].Message);
        Assert.AreSame(inner, created[5].InnerException);
        foreach (var ex in created)
        {
            Assert.AreEqual(ex is DataArtifactNotFoundException ? ErrorCodes.ArtifactNotInManifest : ErrorCodes.ArtifactUnavailable, ex.Code, ex.GetType().Name);
            Assert.AreEqual(string.Empty, ex.ArtifactPath);
            Assert.IsFalse(string.IsNullOrWhiteSpace(ex.Message), ex.GetType().Name);
        }
    }

    private static async Task<DataArtifactException> CatchBaseAsync(DataArtifactResolver resolver, string path)
    {
        try
        {
            await resolver.ResolveAsync(path);
        }
        catch (DataArtifactException ex)
        {
            return ex;
        }

        Assert.Fail($"resolving {path} did not throw");
        throw new UnreachableException();
    }
}
