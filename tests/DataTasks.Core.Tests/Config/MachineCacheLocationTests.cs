using DataTasks.Core.Config;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Config;

/// <summary>The cache folder's precedence, each test with its own environment (a dictionary), never the process's.</summary>
[TestClass]
public sealed class MachineCacheLocationTests
{
    private static EnvironmentVariables Env(params (string Name, string? Value)[] variables) =>
        EnvironmentVariables.From(variables.ToDictionary(v => v.Name, v => v.Value));

    [TestMethod]
    public void Resolve_ExplicitOverride_WinsAndIsMadeAbsolute()
    {
        var fromEnv = Path.Join(Path.GetTempPath(), "from-env");
        var env = Env((MachineCacheLocation.Variable, fromEnv));
        using var dir = new TempDir();

        Assert.AreEqual(dir.Path, MachineCacheLocation.Resolve(dir.Path, env));
        Assert.AreEqual(Path.GetFullPath("relative-cache"), MachineCacheLocation.Resolve("relative-cache", env));
        Assert.AreEqual(fromEnv, MachineCacheLocation.Resolve(null, env), "no override: the variable");
        Assert.AreEqual(fromEnv, MachineCacheLocation.Resolve(" ", env), "a blank override is no override");
    }

    [TestMethod]
    public void Resolve_RelativeVariable_IsMadeAbsolute() =>
        Assert.AreEqual(Path.GetFullPath("cache-from-env"), MachineCacheLocation.Resolve(null, Env((MachineCacheLocation.Variable, "cache-from-env"))));

    [TestMethod]
    public void Resolve_NoOverrideNoVariable_UsesThePlatformDefault()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.AreEqual(Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "datatasks"), MachineCacheLocation.Resolve(null, Env()));
            return;
        }

        Assert.AreEqual("/xdg/cache/datatasks", MachineCacheLocation.Resolve(null, Env(("XDG_CACHE_HOME", "/xdg/cache"))));
        var home = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "datatasks");
        Assert.AreEqual(home, MachineCacheLocation.Resolve(null, Env(("XDG_CACHE_HOME", "relative/cache"))), "a relative XDG_CACHE_HOME is ignored");
        Assert.AreEqual(home, MachineCacheLocation.Resolve(null, Env()));
        Assert.AreEqual(home, MachineCacheLocation.Resolve(null, Env((MachineCacheLocation.Variable, " "))), "a blank variable is no variable");
    }

    [TestMethod]
    public void Resolve_WithoutAnEnvironment_ReadsTheProcessEnvironment()
    {
        // Reads the process's real variables without changing them, so it is safe beside parallel tests.
        var expected = MachineCacheLocation.Resolve(null, EnvironmentVariables.Process);
        Assert.AreEqual(expected, MachineCacheLocation.Resolve());
    }
}
