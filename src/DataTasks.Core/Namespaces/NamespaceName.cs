namespace DataTasks.Core.Namespaces;

/// <summary>export.json's rule for a namespace name, shared by the export map and the runtime's app-copy lookup.</summary>
public static class NamespaceName
{
    /// <summary>
    /// True for 1-100 ASCII letters, digits, '.', '_' and '-', starting with a letter or digit: a name that is safe as
    /// one folder under extern/ (never "..", never a separator).
    /// </summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
