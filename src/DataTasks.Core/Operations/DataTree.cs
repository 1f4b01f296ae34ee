namespace DataTasks.Core.Operations;

/// <summary>
/// Status rolled up by folder for the tree command: each folder's files (directly inside it), their total size and
/// the states present, plus the totals of everything beneath it.
/// </summary>
public sealed class DataTree
{
    private readonly SortedDictionary<string, DataTree> children = new(StringComparer.Ordinal);
    private readonly Dictionary<EntryState, int> states = [];
    private readonly Dictionary<EntryState, int> totalStates = [];
    private DataTree? parent;

    private DataTree(string name, string path)
    {
        Name = name;
        Path = path;
    }

    /// <summary>The folder name ("" for the root).</summary>
    public string Name { get; }

    /// <summary>The repository path of the folder ("" for the root).</summary>
    public string Path { get; }

    /// <summary>Subfolders in ordinal order.</summary>
    public IEnumerable<DataTree> Children => children.Values;

    /// <summary>Files directly in this folder.</summary>
    public int FileCount { get; private set; }

    /// <summary>Bytes of the files directly in this folder.</summary>
    public long Size { get; private set; }

    /// <summary>Files in this folder and below.</summary>
    public int TotalFileCount { get; private set; }

    /// <summary>Bytes in this folder and below.</summary>
    public long TotalSize { get; private set; }

    /// <summary>How many files directly here are in each state.</summary>
    public IReadOnlyDictionary<EntryState, int> States => states;

    /// <summary>How many files here and below are in each state.</summary>
    public IReadOnlyDictionary<EntryState, int> TotalStates => totalStates;

    /// <summary>Builds the tree of a status report.</summary>
    public static DataTree Build(StatusReport report)
    {
        var root = new DataTree(string.Empty, string.Empty);

        // Items come in path order, so consecutive items mostly share their folder: remember the last one and only walk
        // (and allocate folder names) from the root when the folder changes. That keeps 100,000 entries to a few ms.
        DataTree? lastFolder = null;
        var lastFolderPath = string.Empty;
        foreach (var item in report.Items)
        {
            Account(root, item, direct: false);
            var slash = item.Path.LastIndexOf('/');
            var folderPath = slash < 0 ? string.Empty : item.Path[..slash];
            DataTree node;
            if (lastFolder is not null && folderPath == lastFolderPath)
            {
                node = lastFolder;
                for (var n = node; n != root; n = n.parent!)
                {
                    Account(n, item, direct: false);
                }
            }
            else
            {
                node = root;
                var start = 0;
                while (start < folderPath.Length)
                {
                    var end = folderPath.IndexOf('/', start);
                    if (end < 0)
                    {
                        end = folderPath.Length;
                    }

                    var name = folderPath[start..end];
                    if (!node.children.TryGetValue(name, out var child))
                    {
                        child = new DataTree(name, folderPath[..end]) { parent = node };
                        node.children[name] = child;
                    }

                    node = child;
                    Account(node, item, direct: false);
                    start = end + 1;
                }

                lastFolder = node;
                lastFolderPath = folderPath;
            }

            Account(node, item, direct: true);
        }

        return root;
    }

    private static void Account(DataTree node, StatusItem item, bool direct)
    {
        if (direct)
        {
            node.FileCount++;
            node.Size += item.Size;
            node.states[item.State] = node.states.GetValueOrDefault(item.State) + 1;
        }
        else
        {
            node.TotalFileCount++;
            node.TotalSize += item.Size;
            node.totalStates[item.State] = node.totalStates.GetValueOrDefault(item.State) + 1;
        }
    }
}
