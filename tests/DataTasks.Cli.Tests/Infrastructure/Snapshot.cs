namespace DataTasks.Cli.Tests.Infrastructure;

/// <summary>Every file under a folder with its content hash and mtime, to prove a command changed nothing.</summary>
internal sealed class Snapshot
{
    private readonly SortedDictionary<string, (string Hash, long Size, DateTime MTime)> files;

    private Snapshot(string root, SortedDictionary<string, (string, long, DateTime)> files)
    {
        Root = root;
        this.files = files;
    }

    public string Root { get; }

    public IReadOnlyCollection<string> Paths => files.Keys;

    public static Snapshot Take(string root)
    {
        var files = new SortedDictionary<string, (string, long, DateTime)>(StringComparer.Ordinal);
        if (Directory.Exists(root))
        {
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(root, f).Replace('\\', '/');
                var info = new FileInfo(f);
                files[rel] = (TestHash.Sha256File(f), info.Length, info.LastWriteTimeUtc);
            }
        }

        return new Snapshot(root, files);
    }

    /// <summary>Fails unless the folder still has exactly the same files with the same bytes (and, optionally, mtimes).</summary>
    public void AssertUnchanged(string because, bool compareMTimes = true)
    {
        var now = Take(Root);
        var diffs = new List<string>();
        foreach (var (path, was) in files)
        {
            if (!now.files.TryGetValue(path, out var is_))
            {
                diffs.Add($"removed {path}");
            }
            else if (is_.Hash != was.Hash)
            {
                diffs.Add($"changed {path}");
            }
            else if (compareMTimes && is_.MTime != was.MTime)
            {
                diffs.Add($"touched {path} (mtime {was.MTime:O} -> {is_.MTime:O})");
            }
        }

        foreach (var path in now.files.Keys.Except(files.Keys))
        {
            diffs.Add($"created {path}");
        }

        Assert.AreEqual(0, diffs.Count, $"{because}: {Root} changed:\n{string.Join('\n', diffs)}");
    }
}
