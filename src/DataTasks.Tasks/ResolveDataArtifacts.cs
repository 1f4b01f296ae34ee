using System.Security.Cryptography;
using System.Text;
using DataTasks.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DataTasks.Tasks;

/// <summary>
/// Resolves the project's &lt;DataArtifact&gt; items against artifacts.json: one output item per selected manifest entry
/// (the file in the working tree, with TargetPath, Link, CopyToOutputDirectory, Pack… set), and the stamp file whose
/// name is a hash of the selected entries and keys. It reads the manifest and the project XML only, never a data file,
/// so it is cheap enough to run on every build, design-time builds included.
/// </summary>
public sealed class ResolveDataArtifacts : DataTaskBase
{
    /// <summary>@(DataArtifact) as evaluated.</summary>
    public ITaskItem[] Artifacts { get; set; } = [];

    /// <summary>Files besides <see cref="DataTaskBase.ProjectFile"/> to read &lt;DataArtifact&gt; globs from (Directory.Build.props/targets).</summary>
    public string[] ImportedFiles { get; set; } = [];

    /// <summary>$(DataTasksManifest): artifacts.json or its folder; empty means the nearest above the project.</summary>
    public string? Manifest { get; set; }

    /// <summary>The project's intermediate folder, where the stamp file lives.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = string.Empty;

    /// <summary>Where to write the resolved selection for the next build (empty: no cache).</summary>
    public string? SelectionCacheFile { get; set; }

    /// <summary>The targets' fingerprint of the evaluated items and settings, stored with the cache.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The selected files, one per manifest entry.</summary>
    [Output]
    public ITaskItem[] Files { get; private set; } = [];

    /// <summary>The stamp file: present and newer than every selected file when the last hydration finished clean.</summary>
    [Output]
    public string StampFile { get; private set; } = string.Empty;

    /// <summary>The repository root (the folder holding artifacts.json).</summary>
    [Output]
    public string RepositoryRoot { get; private set; } = string.Empty;

    /// <inheritdoc />
    protected override void Run()
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var inputs = new List<string>();
        var declared = ProjectFileReader.Read([ProjectFile, .. ImportedFiles], inputs);
        if (Artifacts.Length == 0 && !declared.Any(d => d.Include.Length > 0))
        {
            // No DataArtifact at all: the SDK stays out of the way, and needs no artifacts.json.
            SaveCache(inputs, string.Empty);
            return;
        }

        // Until this resolution succeeds cleanly, no earlier cache may stand in for it.
        if (!string.IsNullOrEmpty(SelectionCacheFile))
        {
            SelectionCache.Delete(SelectionCacheFile);
        }

        var repository = RepositorySettings.Open(Manifest, projectDirectory);
        ManifestPathForErrors = repository.ManifestFile;
        inputs.Add(repository.ManifestFile);
        var manifest = repository.LoadManifest();
        var lines = LineIndex(declared);
        var requests = Artifacts.Select(a => ToRequest(a, lines)).ToList();
        var selection = ArtifactSelection.Select(repository.Root, manifest, projectDirectory, requests, declared);
        foreach (var p in selection.Problems)
        {
            if (p.IsWarning)
            {
                LogWarning(p.Code, p.Message, p.File, p.Line);
            }
            else
            {
                LogError(p.Code, p.Message, p.File, p.Line);
            }
        }

        if (Log.HasLoggedErrors)
        {
            return;
        }

        RepositoryRoot = repository.Root;
        Files = selection.Selected.Select(ToItem).ToArray();
        StampFile = Path.Join(Path.GetFullPath(IntermediateDirectory), $"DataTasks.{StampKey(repository.Root, selection.Selected)}.stamp");
        if (selection.Problems.Count == 0)
        {
            // Not with warnings: a cached selection would stop repeating them.
            SaveCache(inputs, repository.Root);
        }

        Log.LogMessage(MessageImportance.Low, $"DataTasks: {Files.Length} files selected from {repository.ManifestFile}");
    }

    private void SaveCache(IEnumerable<string> inputs, string root)
    {
        if (!string.IsNullOrEmpty(SelectionCacheFile) && !string.IsNullOrEmpty(Fingerprint))
        {
            SelectionCache.Write(SelectionCacheFile, Fingerprint, StampFile, root, Files, inputs);
        }
    }

    /// <summary>A hash of what hydration depends on: the root and each selected entry's path, key and size.</summary>
    internal static string StampKey(string root, IEnumerable<SelectedArtifact> selected)
    {
        var text = new StringBuilder(root).Append('\n');
        foreach (var s in selected)
        {
            text.Append(s.EntryPath).Append('\t').Append(s.StorageKey ?? "-").Append('\t').Append(s.Size).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }

    /// <summary>Where each Include part is written (file, spec) → line, for the diagnostics' locations.</summary>
    private static Dictionary<(string File, string Spec), int> LineIndex(IEnumerable<DeclaredArtifact> declared)
    {
        var index = new Dictionary<(string, string), int>();
        foreach (var d in declared)
        {
            foreach (var part in DeclaredArtifact.Split(d.Include))
            {
                index.TryAdd((d.File, part.Replace('\\', '/')), d.Line);
            }
        }

        return index;
    }

    private ArtifactRequest ToRequest(ITaskItem item, Dictionary<(string File, string Spec), int> lines)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry m in item.CloneCustomMetadata())
        {
            metadata[(string)m.Key] = (string?)m.Value ?? string.Empty;
        }

        var file = item.GetMetadata("DefiningProjectFullPath");
        file = file.Length > 0 ? file : Path.GetFullPath(ProjectFile);
        return new ArtifactRequest(item.ItemSpec, [], metadata, file, lines.GetValueOrDefault((file, item.ItemSpec.Replace('\\', '/'))));
    }

    private static TaskItem ToItem(SelectedArtifact s)
    {
        var metadata = new Dictionary<string, string>(s.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [ArtifactItems.EntryPath] = s.EntryPath,
            [ArtifactItems.StorageKey] = s.StorageKey ?? string.Empty,
            [ArtifactItems.Size] = s.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new TaskItem(s.FullPath, metadata);
    }
}
