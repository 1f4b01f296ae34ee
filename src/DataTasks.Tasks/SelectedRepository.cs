using DataTasks.Core;
using DataTasks.Core.Namespaces;

namespace DataTasks.Tasks;

/// <summary>The selected files of one repository: the project's own, or an export.json namespace's.</summary>
/// <param name="Repository">The repository holding the files.</param>
/// <param name="Extern">The namespace name, or null for the project's own repository.</param>
/// <param name="Map">The export.json the namespace comes from (null for the own repository).</param>
/// <param name="EntryPaths">The manifest paths of the selected files, in that repository.</param>
internal sealed record SelectedRepository(DataRepository Repository, string? Extern, ExportMap? Map, IReadOnlyList<string> EntryPaths)
{
    /// <summary>"data/a.bin", or "data/a.bin (namespace shared)", for messages.</summary>
    public string Describe(string entryPath) => Extern is null ? entryPath : $"{entryPath} (namespace {Extern})";
}
