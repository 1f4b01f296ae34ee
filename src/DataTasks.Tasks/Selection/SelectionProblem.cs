namespace DataTasks.Tasks.Selection;

/// <summary>A diagnostic about a &lt;DataArtifact&gt; item, located at the item's declaration.</summary>
/// <param name="Code">The DT code.</param>
/// <param name="Message">One line: what is wrong and what to do.</param>
/// <param name="File">The declaring file.</param>
/// <param name="Line">The line, or 0.</param>
/// <param name="IsWarning">A warning rather than an error.</param>
internal sealed record SelectionProblem(string Code, string Message, string File, int Line, bool IsWarning = false);
