namespace DataTasks.Core.Manifest;

/// <summary>
/// The reverse of inputs: for each entry path, the entries of the same manifest that list it as a local input. Built in
/// one pass over every entry's inputs, so describe on a large manifest stays linear.
/// </summary>
public sealed class EntryDependents
{
    private readonly Dictionary<string, List<string>> byInput = new(StringComparer.Ordinal);

    /// <summary>Indexes the local inputs of every entry of <paramref name="manifest"/>.</summary>
    public EntryDependents(DataManifest manifest)
    {
        foreach (var entry in manifest.Entries)
        {
            foreach (var text in entry.Inputs)
            {
                if (EntryInputReference.TryParse(text, out _) is { Namespace: null } input)
                {
                    if (!byInput.TryGetValue(input.Path, out var list))
                    {
                        byInput[input.Path] = list = [];
                    }

                    list.Add(entry.Path);
                }
            }
        }
    }

    /// <summary>The entries that list <paramref name="path"/> as an input, in path order.</summary>
    public IReadOnlyList<string> Of(string path) => byInput.TryGetValue(path, out var list) ? list : [];

    /// <summary>
    /// The entries of <paramref name="other"/> (another repository, reached as namespace <paramref name="namespaceName"/>
    /// of this one's export map) that list <c>namespaceName:path</c> as an input.
    /// </summary>
    public static IReadOnlyList<string> InOther(DataManifest other, string namespaceName, string path)
    {
        var wanted = new EntryInputReference(namespaceName, path).ToString();
        return [.. other.Entries.Where(e => e.Inputs.Contains(wanted, StringComparer.Ordinal)).Select(e => e.Path)];
    }
}
