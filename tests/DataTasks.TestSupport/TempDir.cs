using System.Text;

namespace DataTasks.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted (read-only files included) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates <c>&lt;temp&gt;/&lt;prefix&gt;-&lt;guid&gt;</c>.</summary>
    /// <param name="prefix">Names the suite that made the folder, so a leftover says where it came from.</param>
    public TempDir(string prefix = "dt-tests")
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The absolute folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder ('/' separated parts).</summary>
    public string Combine(string relative) => System.IO.Path.Join(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Writes a file as UTF-8 (creating its folder) and returns its full path.</summary>
    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
    public string Write(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Every file below the folder, as '/' paths relative to it, in ordinal order.</summary>
    public string[] AllFiles() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Deletes the folder with <see cref="DeleteDirectory"/>.</summary>
    public void Dispose() => DeleteDirectory(Path);

    /// <summary>
    /// Deletes a folder tree. Cache objects are read-only and a test may leave a folder without write permission, so a
    /// failed attempt makes everything writable and tries again; a file another process still holds gets a short wait.
    /// The last attempt throws: a folder that cannot be deleted is a leak the test should report.
    /// </summary>
    public static void DeleteDirectory(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                MakeWritable(dir);
                Thread.Sleep(50);
            }
        }

        Directory.Delete(dir, recursive: true);
    }

    private static void MakeWritable(string dir)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }).Prepend(dir))
        {
            try
            {
                var isDirectory = Directory.Exists(entry);
                File.SetAttributes(entry, isDirectory ? FileAttributes.Directory : FileAttributes.Normal);
                if (!OperatingSystem.IsWindows())
                {
                    var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (isDirectory ? UnixFileMode.UserExecute : 0);
                    File.SetUnixFileMode(entry, mode);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The next attempt reports what is still stuck.
            }
        }
    }
}
