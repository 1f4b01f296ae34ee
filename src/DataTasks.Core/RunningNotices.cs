namespace DataTasks.Core;

/// <summary>
/// Warnings the engine has to show while an operation is still running, before any result exists to carry them (a
/// wait on a lock another process holds). A front listens for the scope of one command; with no listener they are
/// dropped. The listener flows with the async context, so concurrent commands in one process each see their own.
/// </summary>
public static class RunningNotices
{
    private static readonly AsyncLocal<Action<DataTasksException>?> Current = new();

    /// <summary>Sends notices to <paramref name="listener"/> until the returned scope is disposed.</summary>
    /// <param name="listener">Called with each notice, from whichever thread reports it.</param>
    /// <returns>A scope that restores the previous listener.</returns>
    public static IDisposable Listen(Action<DataTasksException> listener)
    {
        var previous = Current.Value;
        Current.Value = listener;
        return new Scope(previous);
    }

    /// <summary>Reports a notice to the current listener, if any.</summary>
    internal static void Report(DataTasksException notice) => Current.Value?.Invoke(notice);

    private sealed class Scope(Action<DataTasksException>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
