using System.Security.Cryptography;

namespace DataTasks.Core.Storage;

/// <summary>
/// Writes that never leave a half-written file at a target path: content goes to a uniquely named temp file in the
/// target's folder (same file system, so the rename is atomic), then is renamed into place.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of every temp file DataTasks creates; tree walks skip such files.</summary>
    public const string TempSuffix = ".dtpart";

    /// <summary>A fresh temp path next to <paramref name="target"/>.</summary>
    public static string TempPathFor(string target)
    {
        var dir = Path.GetDirectoryName(target) ?? ".";
        var name = Path.GetFileName(target);
        if (name.Length > 120)
        {
            name = name[..120];
        }

        return Path.Join(dir, "." + name + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant() + TempSuffix);
    }

    /// <summary>True when <paramref name="fileName"/> is one of DataTasks' temp files.</summary>
    public static bool IsTempName(ReadOnlySpan<char> fileName) =>
        fileName.EndsWith(TempSuffix, StringComparison.Ordinal) && fileName.Length > 0 && fileName[0] == '.';

    /// <summary>Atomically replaces <paramref name="target"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string target, ReadOnlySpan<byte> bytes)
    {
        var temp = TempPathFor(target);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new DataTasksException(ErrorCodes.IoError, $"cannot write {target}: {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a file, ignoring a missing file or a failure (used to clean up temp files).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp file we cannot delete is harmless: it never sits at a target path, and walks skip it.
        }
    }
}
