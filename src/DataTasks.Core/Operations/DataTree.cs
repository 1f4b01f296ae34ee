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
        foreach (var item in report.Items)
        {
            var node = root;
            Account(node, item, direct: false);
            var parts = item.Path.Split('/');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                var path = node.Path.Length == 0 ? parts[i] : node.Path + "/" + parts[i];
                if (!node.children.TryGetValue(parts[i], out var child))
                {
                    child = new DataTree(parts[i], path);
                    node.children[parts[i]] = child;
                }

                node = child;
                Account(node, item, direct: false);
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
