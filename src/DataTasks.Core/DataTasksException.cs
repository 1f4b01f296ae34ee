namespace DataTasks.Core;

/// <summary>
/// An error a user can act on. Every instance carries a stable code (<c>DT0001</c>…, listed in docs/errors.md)
/// and a one-line message that says what happened and what to do.
/// </summary>
public sealed class DataTasksException : Exception
{
    /// <summary>Creates an error with a stable code.</summary>
    /// <param name="code">The stable error code, for instance <see cref="ErrorCodes.ManifestInvalidJson"/>.</param>
    /// <param name="message">One line: what happened and what to do.</param>
    /// <param name="inner">The underlying exception, shown only with --verbose.</param>
    public DataTasksException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>The stable code, such as <c>DT0101</c>.</summary>
    public string Code { get; }

    /// <summary>True for errors caused by the caller's input (exit code 2), false for failures found while working (exit code 1).</summary>
    public bool IsUsageError => ErrorCodes.IsUsage(Code);
}
