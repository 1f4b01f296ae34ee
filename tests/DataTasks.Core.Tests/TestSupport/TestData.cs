namespace DataTasks.Core.Tests.TestSupport;

/// <summary>Engine-specific helpers of the core tests (the generic ones are in DataTasks.TestSupport).</summary>
internal static class TestData
{
    /// <summary>The SHA-256 of "abc".</summary>
    public const string AbcKey = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /// <summary>Asserts that <paramref name="action"/> throws a <see cref="DataTasksException"/> with <paramref name="code"/>, and returns it.</summary>
    public static DataTasksException ThrowsCode(string code, Action action)
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(action);
        Assert.AreEqual(code, ex.Code, ex.Message);
        return ex;
    }

    /// <summary>Async variant of <see cref="ThrowsCode"/>.</summary>
    public static async Task<DataTasksException> ThrowsCodeAsync(string code, Func<Task> action)
    {
        var ex = await Assert.ThrowsExactlyAsync<DataTasksException>(action);
        Assert.AreEqual(code, ex.Code, ex.Message);
        return ex;
    }
}
