using DataTasks.Core.Config;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Tests.Namespaces;

/// <summary>The one remote rule: the repository's own configuration, else the monorepo root's, else DT0201.</summary>
[TestClass]
public sealed class NamespaceRemoteTests
{
    private static readonly EnvironmentVariables NoVariables = EnvironmentVariables.From(new Dictionary<string, string?>());

    /// <summary>A monorepo at mono/ (export.json mapping "shared" and "own"), with remotes beside it, outside every repository.</summary>
    private static TempDir Monorepo(bool rootRemote, bool sharedRemote)
    {
        var dir = new TempDir("dt-namespace-remote");
        dir.Write("mono/export.json", """{"shared": "libs/shared", "own": "libs/own"}""");
        foreach (var ns in new[] { "shared", "own" })
        {
            dir.Write($"mono/libs/{ns}/artifacts.json", "{\"version\": 2, \"entries\": {}}\n");
        }

        dir.Write("mono/libs/own/.datatasks/config.json", Config(dir.Combine("remote-own")));
        if (sharedRemote)
        {
            dir.Write("mono/libs/shared/.datatasks/config.json", Config(dir.Combine("remote-shared")));
        }

        if (rootRemote)
        {
            dir.Write("mono/.datatasks/config.json", Config(dir.Combine("remote-root")));
        }

        return dir;
    }

    private static string Config(string remote) => $$"""{"remote": "{{remote.Replace('\\', '/')}}"}""";

    private static string FolderOf(DataRemote remote) => ((FolderRemote)remote).Directory;

    private static DataRepository Namespace(TempDir dir, string ns) => DataRepository.At(dir.Combine($"mono/libs/{ns}"));

    [TestMethod]
    public async Task ANamespaceWithItsOwnRemote_UsesIt_EvenWhenTheRootHasOne()
    {
        using var dir = Monorepo(rootRemote: true, sharedRemote: true);
        await using var remote = NamespaceRemote.Open(Namespace(dir, "shared"), environment: NoVariables);
        Assert.AreEqual(dir.Combine("remote-shared"), FolderOf(remote));
    }

    [TestMethod]
    public async Task ANamespaceWithoutOne_UsesTheMonorepoRoots()
    {
        using var dir = Monorepo(rootRemote: true, sharedRemote: false);
        await using var remote = NamespaceRemote.Open(Namespace(dir, "shared"), environment: NoVariables);
        Assert.AreEqual(dir.Combine("remote-root"), FolderOf(remote));
    }

    [TestMethod]
    public async Task TheMapGiven_IsTheOneWhoseRootIsAsked()
    {
        using var dir = Monorepo(rootRemote: true, sharedRemote: false);
        var map = ExportMap.FindRequired(dir.Combine("mono"));
        await using var remote = NamespaceRemote.Open(map.Open("shared"), map: map, environment: NoVariables);
        Assert.AreEqual(dir.Combine("remote-root"), FolderOf(remote));
    }

    [TestMethod]
    public void NoRemoteAnywhere_IsDT0201NamingBothPlaces()
    {
        using var dir = Monorepo(rootRemote: false, sharedRemote: false);
        var ex = Assert.ThrowsExactly<DataTasksException>(() => NamespaceRemote.Open(Namespace(dir, "shared"), environment: NoVariables));
        Assert.AreEqual(ErrorCodes.NoRemote, ex.Code);
        StringAssert.Contains(ex.Message, dir.Combine("mono/libs/shared"));
        StringAssert.Contains(ex.Message, Path.Join(dir.Combine("mono"), DataTasksConfig.FileName));
    }

    [TestMethod]
    public void OutsideAnyMonorepo_NoRemoteIsThePlainDT0201()
    {
        using var dir = new TempDir("dt-namespace-remote");
        dir.Write("repo/artifacts.json", "{\"version\": 2, \"entries\": {}}\n");
        var ex = Assert.ThrowsExactly<DataTasksException>(() => NamespaceRemote.Open(DataRepository.At(dir.Combine("repo")), environment: NoVariables));
        Assert.AreEqual(ErrorCodes.NoRemote, ex.Code);
    }

    [TestMethod]
    public async Task TheOverride_WinsOverTheOwnConfig_AndTheVariableOverTheRoot()
    {
        using var dir = Monorepo(rootRemote: true, sharedRemote: false);
        await using (var overridden = NamespaceRemote.Open(Namespace(dir, "own"), dir.Combine("remote-cli"), environment: NoVariables))
        {
            Assert.AreEqual(dir.Combine("remote-cli"), FolderOf(overridden));
        }

        var variables = EnvironmentVariables.From(new Dictionary<string, string?> { [DataTasksConfig.RemoteVariable] = dir.Combine("remote-env") });
        await using var fromVariable = NamespaceRemote.Open(Namespace(dir, "shared"), environment: variables);
        Assert.AreEqual(dir.Combine("remote-env"), FolderOf(fromVariable));
    }
}
