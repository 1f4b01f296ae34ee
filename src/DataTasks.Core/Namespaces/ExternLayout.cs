namespace DataTasks.Core.Namespaces;

/// <summary>
/// Where a namespace's files sit next to an app: <c>extern/&lt;namespace&gt;/&lt;manifest path&gt;</c> under the output
/// folder. The SDK copies them there and the runtime resolver looks there first, so both read this one rule: a
/// change on one side alone would make a published app miss every namespace file it carries.
/// </summary>
public static class ExternLayout
{
    /// <summary>The folder under the output folder that holds one subfolder per namespace.</summary>
    public const string FolderName = "extern";

    /// <summary>The output-relative folder of <paramref name="namespaceName"/>, '/'-separated and ending in '/': <c>extern/pesto/</c>.</summary>
    /// <param name="namespaceName">A valid namespace name (<see cref="NamespaceName.IsValid"/>).</param>
    public static string FolderOf(string namespaceName)
    {
        Require(namespaceName);
        return $"{FolderName}/{namespaceName}/";
    }

    /// <summary>The output-relative path of <paramref name="entryPath"/> of <paramref name="namespaceName"/>: <c>extern/pesto/data/a.bin</c>.</summary>
    /// <param name="namespaceName">A valid namespace name (<see cref="NamespaceName.IsValid"/>).</param>
    /// <param name="entryPath">A manifest path of that namespace.</param>
    public static string TargetPath(string namespaceName, string entryPath)
    {
        ArgumentNullException.ThrowIfNull(entryPath);
        return FolderOf(namespaceName) + entryPath;
    }

    /// <summary>
    /// Where the copy of <paramref name="entryPath"/> sits under <paramref name="appDirectory"/>: at its manifest path for
    /// the app's own repository (<paramref name="namespaceName"/> null), else under <see cref="FolderOf"/>. Null for a
    /// name that is no valid namespace: such a name never gets a folder, so looking for one could only climb out.
    /// </summary>
    /// <param name="appDirectory">The folder the app runs from.</param>
    /// <param name="namespaceName">The export.json namespace, or null for the app's own repository.</param>
    /// <param name="entryPath">A manifest path.</param>
    public static string? AppCopyPath(string appDirectory, string? namespaceName, string entryPath)
    {
        ArgumentNullException.ThrowIfNull(appDirectory);
        ArgumentNullException.ThrowIfNull(entryPath);
        if (namespaceName is null)
        {
            return Path.Join(appDirectory, entryPath);
        }

        return NamespaceName.IsValid(namespaceName) ? Path.Join(appDirectory, TargetPath(namespaceName, entryPath)) : null;
    }

    private static void Require(string namespaceName)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        if (!NamespaceName.IsValid(namespaceName))
        {
            throw new ArgumentException($"'{namespaceName}' is not a namespace name (letters, digits, '.', '_', '-')", nameof(namespaceName));
        }
    }
}
