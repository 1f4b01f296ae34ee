namespace DataTasks.Core.Storage;

/// <summary>
/// One read pool: a read-only folder (a team share, a colleague's cache, a dataset mirror) that holds objects in the
/// machine-cache layout (<c>objects/&lt;first two hex&gt;/&lt;key&gt;</c>) or the folder-remote layout (<c>&lt;key&gt;</c>),
/// or both. Nothing here writes to it: objects are only opened for reading.
/// </summary>
/// <param name="Directory">The pool folder, absolute.</param>
/// <param name="Origin">The configuration rung that named it, for messages.</param>
public sealed record ReadPool(string Directory, string Origin)
{
    /// <summary>
    /// Where the pool may hold <paramref name="key"/>, machine-cache layout first: a pool is detected per object, so one
    /// folder can be a copied cache, a copied folder remote, or a mix.
    /// </summary>
    public IEnumerable<string> Candidates(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        yield return Path.Join(Directory, "objects", key[..2], key);
        yield return Path.Join(Directory, key);
    }

    /// <summary>
    /// Null when the folder can be listed; otherwise why not, for the DT1010 warning (a share that is not mounted, a
    /// typo, no permission to read it).
    /// </summary>
    public string? Problem()
    {
        try
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return File.Exists(Directory) ? "is a file, not a folder" : "does not exist";
            }

            using var entries = System.IO.Directory.EnumerateFileSystemEntries(Directory).GetEnumerator();
            entries.MoveNext();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({ex.Message})";
        }
    }
}
