using DataTasks.Core.Config;

namespace DataTasks.Core.Tests.Config;

[TestClass]
public sealed class EnvironmentVariablesTests
{
    [TestMethod]
    public void From_HasExactlyItsValues_AndIsACopy()
    {
        var values = new Dictionary<string, string?> { ["A"] = "1", ["UNSET"] = null };
        var env = EnvironmentVariables.From(values);
        values["A"] = "changed later";

        Assert.AreEqual("1", env.Get("A"), "a snapshot: later changes to the dictionary do not leak in");
        Assert.IsNull(env.Get("UNSET"));
        Assert.IsNull(env.Get("a"), "names are case-sensitive, as on Linux and macOS");
        Assert.IsNull(env.Get("PATH"), "nothing comes from the process");
    }

    [TestMethod]
    public void Process_ReadsTheProcessEnvironment() =>
        Assert.AreEqual(Environment.GetEnvironmentVariable("PATH"), EnvironmentVariables.Process.Get("PATH"));
}
