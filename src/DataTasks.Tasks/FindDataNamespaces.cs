using DataTasks.Core;
using DataTasks.Core.Namespaces;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks;

/// <summary>
/// The manifests of the export.json namespaces, as AdditionalFiles items with DataTasksNamespace metadata, so the
/// DataTasks analyzer checks <c>Resolve(path, namespaceName: "ns")</c> against the right manifest. The project's own
/// repository is left out (the DataTasks package already adds its manifest, without a namespace). A broken export.json
/// or namespace is a warning: it must not stop a compile that may not use extern data at all.
/// </summary>
public sealed class FindDataNamespaces : DataTaskBase
{
    /// <summary>$(DataTasksExportMap): the export.json file.</summary>
    [Required]
    public string ExportFile { get; set; } = string.Empty;

    /// <summary>$(DataTasksManifest): the project's own artifacts.json, never reported as a namespace.</summary>
    public string? OwnManifest { get; set; }

    /// <summary>One item per namespace manifest; metadata DataTasksNamespace is its name.</summary>
    [Output]
    public ITaskItem[] Manifests { get; private set; } = [];

    /// <inheritdoc />
    protected override void Run()
    {
        ExportMap map;
        try
        {
            map = ExportMap.Load(ExportFile);
        }
        catch (DataTasksException ex)
        {
            LogWarning(ex.Code, ex.Message, ExportFile);
            return;
        }

        var own = string.IsNullOrEmpty(OwnManifest) ? null : Path.GetFullPath(OwnManifest);
        var found = new List<ITaskItem>();
        foreach (var name in map.Names)
        {
            try
            {
                var manifest = Path.GetFullPath(map.Open(name).ManifestFile);
                if (manifest != own)
                {
                    found.Add(new TaskItem(manifest, new Dictionary<string, string> { ["DataTasksNamespace"] = name }));
                }
            }
            catch (DataTasksException ex)
            {
                LogWarning(ex.Code, ex.Message, ExportFile);
            }
        }

        Manifests = [.. found];
    }
}
