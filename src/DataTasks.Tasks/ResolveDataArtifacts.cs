using System.Security.Cryptography;
using System.Text;
using DataTasks.Core;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Text;
using DataTasks.Tasks.Selection;
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

    /// <summary>$(MSBuildToolsVersion): the tools version a re-evaluation of the project uses (<see cref="ProjectGlobEvaluation"/>).</summary>
    public string? ToolsVersion { get; set; }

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

    /// <summary>The project's own repository root (the folder holding artifacts.json); empty when it has none and every item names a namespace.</summary>
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

        // A glob with a property or under a Condition: only MSBuild can say what it is. (Never on a no-op build: this
        // task only runs when the selection cache is cold.)
        var evaluatedImports = new List<string>();
        var evaluatedGlobs = ArtifactSelection.NeedsEvaluation(declared)
            ? ProjectGlobEvaluation.Evaluate(Path.GetFullPath(ProjectFile), GlobalProperties(), ToolsVersion, evaluatedImports)
            : null;
        var lines = LineIndex(declared);
        var requests = Artifacts.Select(a => ToRequest(a, lines)).ToList();
        var problems = new List<SelectionProblem>();
        var selections = new List<RepositorySelection>();

        // The project's own repository: needed when an item names no namespace; otherwise only looked for (the remote
        // of a namespace without one falls back to it).
        var ownRequests = requests.Where(r => ExternOf(r.Metadata) is null).ToList();
        var ownDeclared = declared.Where(d => ExternOf(d.Metadata) is null).ToList();
        DataRepository? own = null;
        var ownGlobs = evaluatedGlobs?.Where(g => ExternOf(g.Metadata) is null).ToList();
        if (ownRequests.Count > 0 || ownDeclared.Any(d => d.Include.Length > 0) || ownGlobs?.Count > 0)
        {
            own = RepositorySettings.Open(Manifest, projectDirectory);
            ManifestPathForErrors = own.ManifestFile;
            inputs.Add(own.ManifestFile);
            inputs.AddRange(RepositoryImports(evaluatedImports, own.Root));
            var selection = ArtifactSelection.Select(own.Root, own.LoadManifest(), projectDirectory, ownRequests, ownDeclared, evaluatedGlobs: ownGlobs);
            selections.Add(new RepositorySelection(own.Root, null, selection.Selected));
            problems.AddRange(selection.Problems);
        }
        else
        {
            own = TryOpenOwn(projectDirectory);
        }

        SelectExtern(projectDirectory, requests, declared, evaluatedGlobs ?? [], selections, problems, inputs);
        problems.AddRange(Collisions(selections, requests, declared));
        foreach (var p in problems)
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

        RepositoryRoot = own?.Root ?? string.Empty;
        Files = selections.SelectMany(s => s.Selected.Select(ToItem)).ToArray();
        StampFile = Path.Join(Path.GetFullPath(IntermediateDirectory), $"DataTasks.{StampKey(selections)}.stamp");
        if (problems.Count == 0)
        {
            // Not with warnings: a cached selection would stop repeating them.
            SaveCache(inputs, RepositoryRoot);
        }

        Log.LogMessage(MessageImportance.Low, $"DataTasks: {Plural.Count(Files.Length, "file")} selected from {string.Join(", ", selections.Select(s => Path.Join(s.Root, Core.Manifest.DataManifest.FileName)))}");
    }

    /// <summary>The export.json namespace an item names (its Extern metadata), or null for the project's own repository.</summary>
    internal static string? ExternOf(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(ArtifactSelection.ExternMetadata, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private DataRepository? TryOpenOwn(string projectDirectory)
    {
        try
        {
            var own = RepositorySettings.Open(Manifest, projectDirectory);
            ManifestPathForErrors = own.ManifestFile;
            return own;
        }
        catch (DataTasksException)
        {
            return null;
        }
    }

    /// <summary>
    /// Selects the &lt;DataArtifact Extern="ns" /&gt; items from each namespace's own manifest. Their specs are manifest
    /// paths of the namespace (like <c>DataArtifacts.Resolve(path, namespaceName: ns)</c>), not paths relative to the project.
    /// </summary>
    private void SelectExtern(string projectDirectory, List<ArtifactRequest> requests, IReadOnlyList<DeclaredArtifact> declared, IReadOnlyList<EvaluatedGlob> evaluatedGlobs, List<RepositorySelection> selections, List<SelectionProblem> problems, List<string> inputs)
    {
        // An Extern set from a property is known from MSBuild's re-evaluation (evaluatedGlobs), never from the XML.
        var names = requests.Select(r => ExternOf(r.Metadata))
            .Concat(declared.Where(d => d.Include.Length > 0).Select(d => ExternOf(d.Metadata)))
            .Concat(evaluatedGlobs.Select(g => ExternOf(g.Metadata)))
            .OfType<string>().Where(n => !DeclaredArtifact.IsDynamic(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        ExportMap? map = null;
        foreach (var name in names)
        {
            var nsRequests = requests.Where(r => ExternOf(r.Metadata) == name).ToList();
            var nsDeclared = declared.Where(d => ExternOf(d.Metadata) == name).ToList();
            var nsGlobs = evaluatedGlobs.Where(g => ExternOf(g.Metadata) == name).ToList();
            var (file, line) = nsRequests.Count > 0 ? (nsRequests[0].File, nsRequests[0].Line)
                : nsDeclared.Count > 0 ? (nsDeclared[0].File, nsDeclared[0].Line) : (nsGlobs[0].File, nsGlobs[0].Line);
            DataRepository repository;
            try
            {
                map ??= ExportMap.FindRequired(projectDirectory);
                repository = map.Open(name);
                inputs.Add(repository.ManifestFile);
            }
            catch (DataTasksException ex)
            {
                problems.Add(new SelectionProblem(ex.Code, $"DataArtifact Extern=\"{name}\": {ex.Message}", file, line));
                continue;
            }

            Core.Manifest.DataManifest manifest;
            try
            {
                manifest = repository.LoadManifest();
            }
            catch (DataTasksException ex)
            {
                problems.Add(new SelectionProblem(ex.Code, ex.Message, repository.ManifestFile, 0));
                continue;
            }

            var selection = ArtifactSelection.Select(repository.Root, manifest, repository.Root, nsRequests, nsDeclared, name, nsGlobs);
            selections.Add(new RepositorySelection(repository.Root, name, selection.Selected));
            problems.AddRange(selection.Problems);
        }

        if (map is not null)
        {
            inputs.Add(map.File);
        }
    }

    /// <summary>The build's global properties, for a re-evaluation that sees the project as this build does.</summary>
    private Dictionary<string, string> GlobalProperties()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (BuildEngine is IBuildEngine6 engine)
        {
            foreach (var (name, value) in engine.GetGlobalProperties())
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// The files a re-evaluation imported from the repository itself (a props file defining $(ModelDir), say): watched
    /// by the selection cache like Directory.Build.props. The SDKs' own files and generated ones under obj/ or bin/ are
    /// not, so the no-op check stays a handful of stats.
    /// </summary>
    private static IEnumerable<string> RepositoryImports(IEnumerable<string> imports, string root) =>
        imports.Where(f => Core.Manifest.EntryPath.FromFullPath(root, f) is { Length: > 0 } p
            && !p.Split('/').Any(s => s is "obj" or "bin"));

    /// <summary>Two selected files copied to the same place in the output: one would silently replace the other.</summary>
    private static IEnumerable<SelectionProblem> Collisions(List<RepositorySelection> selections, List<ArtifactRequest> requests, IReadOnlyList<DeclaredArtifact> declared)
    {
        var seen = new Dictionary<string, (string? Extern, string Entry)>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in selections)
        {
            foreach (var a in s.Selected.Where(a => a.Metadata.GetValueOrDefault("CopyToOutputDirectory") != "Never"))
            {
                if (seen.TryGetValue(a.TargetPath, out var first))
                {
                    var where = requests.FirstOrDefault(r => ExternOf(r.Metadata) == s.Extern) is { } r ? (r.File, r.Line)
                        : declared.FirstOrDefault(d => ExternOf(d.Metadata) == s.Extern) is { } d ? (d.File, d.Line) : (string.Empty, 0);
                    yield return new SelectionProblem(ErrorCodes.InvalidBuildSetting,
                        $"{Describe(s.Extern, a.EntryPath)} and {Describe(first.Extern, first.Entry)} would both be copied to {a.TargetPath}; give one of them a Link",
                        where.Item1, where.Item2);
                }
                else
                {
                    seen[a.TargetPath] = (s.Extern, a.EntryPath);
                }
            }
        }

        static string Describe(string? ns, string entry) => ns is null ? entry : $"{entry} of namespace '{ns}'";
    }

    private void SaveCache(IEnumerable<string> inputs, string root)
    {
        if (!string.IsNullOrEmpty(SelectionCacheFile) && !string.IsNullOrEmpty(Fingerprint))
        {
            SelectionCache.Write(SelectionCacheFile, Fingerprint, StampFile, root, Files, inputs);
        }
    }

    /// <summary>A hash of what hydration depends on: each repository's root and its selected entries' paths, keys and sizes.</summary>
    internal static string StampKey(IEnumerable<RepositorySelection> selections)
    {
        var text = new StringBuilder();
        foreach (var selection in selections)
        {
            text.Append(selection.Root).Append('\t').Append(selection.Extern ?? "-").Append('\n');
            foreach (var s in selection.Selected)
            {
                text.Append(s.EntryPath).Append('\t').Append(s.StorageKey ?? "-").Append('\t').Append(s.Size).Append('\n');
            }
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

    private static TaskItem ToItem(SelectedArtifact s) => new(s.FullPath, new Dictionary<string, string>(s.Metadata, StringComparer.OrdinalIgnoreCase));

    /// <summary>What one repository (the project's own, or a namespace) contributed to the selection.</summary>
    internal sealed record RepositorySelection(string Root, string? Extern, IReadOnlyList<SelectedArtifact> Selected);
}
