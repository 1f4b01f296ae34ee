using DataTasks.Core.Manifest;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Remotes;

/// <summary>
/// Where a folder remote may not be: the repository root, inside .git or .datatasks, inside data/, or in or above a
/// folder that holds entries. Objects written there would land among git's own files, the state folder or the tracked
/// tree (where status and add would see them), and a prune could delete them from under the repository.
/// </summary>
internal static class FolderRemotePlacement
{
    /// <summary>Throws DT0207 when <paramref name="folder"/> (the remote <paramref name="url"/>) lies among the repository's own files.</summary>
    public static void EnsureAllowed(string root, string folder, string url)
    {
        var relative = EntryPath.FromFullPath(Real(root), Real(folder));
        if (relative is null)
        {
            return;
        }

        if (Problem(root, relative) is { } problem)
        {
            throw new DataTasksException(ErrorCodes.RemoteInsideTree,
                $"remote '{url}' {problem}; objects would be written among the repository's own files. Use a folder outside the repository (or one of its own, such as 'remote') in \"remote\" of {Config.DataTasksConfig.FileName}");
        }
    }

    private static string? Problem(string root, string relative)
    {
        if (relative.Length == 0)
        {
            return "is the repository root";
        }

        var first = relative.Split('/')[0];
        if (ReservedSegment.Find(first) is { } reserved && reserved is ".git" or ".datatasks")
        {
            return $"is inside {reserved}";
        }

        if (first.Equals("data", StringComparison.OrdinalIgnoreCase))
        {
            return "is inside data/, the working tree of tracked files";
        }

        var manifestFile = Path.Join(root, DataManifest.FileName);
        if (!File.Exists(manifestFile))
        {
            return null;
        }

        foreach (var entry in DataManifest.Load(manifestFile).Entries)
        {
            var path = entry.Path;
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (relative.Length >= slash && string.CompareOrdinal(relative, 0, path, 0, slash) == 0 && (relative.Length == slash || relative[slash] == '/'))
                {
                    return $"is inside '{path[..slash]}', a folder holding entries such as '{path}'";
                }
            }
        }

        return null;
    }

    /// <summary>The full path with symbolic links resolved as far as the folders exist, so a link cannot hide the root.</summary>
    private static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return RepositoryBoundary.RealPath(full);
        }
        catch (IOException)
        {
            return full;
        }
    }
}
