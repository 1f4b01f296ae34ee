namespace DataTasks.Core.Operations;

/// <summary>
/// A file add and status pass over although .datapattern selects it, and why: its name cannot be an entry path (or
/// is not valid UTF-8), or it is not a regular file (a FIFO, socket, device, or a symbolic link). Reported as a
/// warning, never dropped silently.
/// </summary>
/// <param name="Path">The repository path as the file system listing gave it (undecodable bytes are U+FFFD).</param>
/// <param name="Reason">Why it cannot be tracked.</param>
public sealed record SkippedFile(string Path, string Reason)
{
    /// <summary>The warning's text: <c>skipped &lt;path&gt;: &lt;reason&gt;</c>, with control characters escaped.</summary>
    public string Message => $"skipped {Printable(Path)}: {Reason}";

    /// <summary>The path with control characters written as escapes (\t, \n, \x7f), so the warning stays one line.</summary>
    public static string Printable(string path) => Text.TerminalText.OneLine(path);

    /// <summary>
    /// Why a listed path that matched no regular file is not one, or null when it is simply gone (removed since the
    /// listing).
    /// </summary>
    internal static string? WhyNotARegularFile(string fullPath, string path)
    {
        if (!System.IO.Path.Exists(fullPath))
        {
            // The listing decodes names as UTF-8, with U+FFFD for bytes that are not; such a name then names nothing.
            return path.Contains('\uFFFD', StringComparison.Ordinal) ? "its name is not valid UTF-8, so it cannot be an entry path" : null;
        }

        return "not a regular file (a FIFO, socket or device); only regular files are tracked";
    }
}
