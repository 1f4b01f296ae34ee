namespace DataTasks.Core.Storage;

/// <summary>What a file in the tree is, as far as editing it goes.</summary>
public enum LinkedFileKind
{
    /// <summary>No file at the path.</summary>
    Missing,

    /// <summary>A private file with write permission: editing it touches nothing else.</summary>
    EditableCopy,

    /// <summary>A hard link: another name (the machine cache's object, another clone's file) shares its inode.</summary>
    HardLink,

    /// <summary>A symbolic link (into the machine cache, in the symlink link mode).</summary>
    SymbolicLink,

    /// <summary>A private file nobody may write, say a hard link whose cache object gc has since removed.</summary>
    ReadOnlyCopy,
}

/// <summary>
/// Turns files that the link modes made (read-only, sharing the cache object) into private, writable copies, so an edit
/// never reaches the machine cache: the work of <c>dotnet data unprotect</c>.
/// </summary>
public static class LinkedFile
{
    /// <summary>What the file at <paramref name="path"/> is.</summary>
    public static LinkedFileKind Classify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FileIdentity.TryGet(path) is { } id)
        {
            return id switch
            {
                { IsSymbolicLink: true } => LinkedFileKind.SymbolicLink,
                { IsRegularFile: false } => LinkedFileKind.Missing,
                { LinkCount: > 1 } => LinkedFileKind.HardLink,
                { IsReadOnly: true } => LinkedFileKind.ReadOnlyCopy,
                _ => LinkedFileKind.EditableCopy,
            };
        }

        // Platforms without statx: a link count is out of reach, but links in the tree are read-only, which shows.
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return LinkedFileKind.SymbolicLink;
        }

        if (!info.Exists)
        {
            return LinkedFileKind.Missing;
        }

        var readOnly = OperatingSystem.IsWindows()
            ? info.IsReadOnly
            : (info.UnixFileMode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
        return readOnly ? LinkedFileKind.ReadOnlyCopy : LinkedFileKind.EditableCopy;
    }

    /// <summary>
    /// Replaces the file at <paramref name="path"/> with a private writable copy of its content (through a temp file and
    /// a rename, so the path always holds the whole content) unless it already is one. Returns what it was and, when it
    /// copied, the content key of what it wrote (hashed on the way), for the stat cache.
    /// </summary>
    public static (LinkedFileKind Was, string? Key) Unprotect(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = Classify(path);
        if (kind is LinkedFileKind.Missing or LinkedFileKind.EditableCopy)
        {
            return (kind, null);
        }

        var temp = AtomicFile.TempPathFor(path);
        try
        {
            string key;
            using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan))
            using (var destination = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                key = VerifiedCopy.Copy(source, destination, cancellationToken).Key;
            }

            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(temp, File.GetAttributes(temp) & ~FileAttributes.ReadOnly);
            }
            else
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.Move(temp, path, overwrite: true);
            return (kind, key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot unprotect {path}: {ex.Message}", ex);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }
}
