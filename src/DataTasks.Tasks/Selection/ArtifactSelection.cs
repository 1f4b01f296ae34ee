using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Patterns;

namespace DataTasks.Tasks.Selection;

/// <summary>
/// Turns &lt;DataArtifact&gt; items into manifest entries. Paths and folders come from MSBuild's evaluation; globs come
/// from the project XML as written (<see cref="ProjectFileReader"/>), because evaluation expands them against the disk:
/// on a fresh clone it drops them, and on a half-hydrated tree it returns only the files already there. A glob the XML
/// cannot be trusted for (a property in it, a Condition around it) comes from MSBuild's re-evaluation of the project
/// (<see cref="ProjectGlobEvaluation"/>), with its properties expanded and only when its conditions held. Every request
/// must select at least one entry, or the build fails with DT0601: a typo never silently hydrates nothing.
/// </summary>
internal sealed class ArtifactSelection
{
    /// <summary>The CopyToOutputDirectory default: the copy lands next to the app, refreshed when the data changes.</summary>
    public const string DefaultCopy = "PreserveNewest";

    private static readonly string[] CopyValues = ["Never", "Always", "PreserveNewest", "IfDifferent"];

    private readonly string root;
    private readonly DataManifest manifest;
    private readonly string projectDirectory;
    private readonly string? externName;
    private readonly List<SelectionProblem> problems = [];
    private readonly Dictionary<string, SelectedArtifact> selected = new(StringComparer.Ordinal);

    private ArtifactSelection(string root, DataManifest manifest, string projectDirectory, string? externName)
    {
        this.root = root;
        this.manifest = manifest;
        this.projectDirectory = projectDirectory;
        this.externName = externName;
    }

    /// <summary>The metadata naming an item's export.json namespace (&lt;DataArtifact Extern="pesto" /&gt;).</summary>
    public const string ExternMetadata = "Extern";

    /// <summary>The selected entries, in manifest (ordinal path) order.</summary>
    public IReadOnlyList<SelectedArtifact> Selected => selected.Values.OrderBy(s => s.EntryPath, StringComparer.Ordinal).ToList();

    /// <summary>Errors and warnings, in request order.</summary>
    public IReadOnlyList<SelectionProblem> Problems => problems;

    /// <summary>
    /// Selects the entries of <paramref name="manifest"/> that <paramref name="evaluated"/> (MSBuild's items) and
    /// <paramref name="declared"/> (the XML) ask for.
    /// </summary>
    /// <param name="root">The repository root (the folder holding <paramref name="manifest"/>).</param>
    /// <param name="manifest">The manifest to select from.</param>
    /// <param name="projectDirectory">What relative specs are relative to: the project folder, or for a namespace its repository root (its specs are manifest paths).</param>
    /// <param name="evaluated">MSBuild's items for this repository.</param>
    /// <param name="declared">The XML elements for this repository.</param>
    /// <param name="externName">The export.json namespace, or null for the project's own repository.</param>
    /// <param name="evaluatedGlobs">
    /// The globs of MSBuild's re-evaluation of the project for this repository, when <see cref="NeedsEvaluation"/> asked
    /// for it: they replace the XML's reading of every property-based or conditional glob.
    /// </param>
    public static ArtifactSelection Select(string root, DataManifest manifest, string projectDirectory, IReadOnlyList<ArtifactRequest> evaluated, IReadOnlyList<DeclaredArtifact> declared, string? externName = null, IReadOnlyList<EvaluatedGlob>? evaluatedGlobs = null)
    {
        var selection = new ArtifactSelection(root, manifest, projectDirectory, externName);
        selection.Run(evaluated, declared, evaluatedGlobs);
        return selection;
    }

    /// <summary>
    /// True when the XML alone cannot say what a declared glob selects: its Include, or its Extern, uses a property, or
    /// it sits under a Condition. Then only MSBuild can expand it (<see cref="ProjectGlobEvaluation"/>).
    /// </summary>
    public static bool NeedsEvaluation(IEnumerable<DeclaredArtifact> declared) =>
        declared.Any(d => d.Include.Length > 0 && DeclaredArtifact.Split(d.Include).Any(EntryGlob.HasWildcard)
            && (d.Conditional || DeclaredArtifact.IsDynamic(d.Include) || (d.Metadata.TryGetValue(ExternMetadata, out var ns) && DeclaredArtifact.IsDynamic(ns))));

    private void Run(IReadOnlyList<ArtifactRequest> evaluated, IReadOnlyList<DeclaredArtifact> declared, IReadOnlyList<EvaluatedGlob>? evaluatedGlobs)
    {
        // Globs as written, when the XML says all there is to say: a literal Include outside any Condition.
        var globs = new List<(ArtifactRequest Request, EntryGlob Glob)>();
        var fromXml = new HashSet<(string File, int Line)>();
        foreach (var d in declared.Where(d => d.Include.Length > 0))
        {
            foreach (var part in DeclaredArtifact.Split(d.Include).Where(EntryGlob.HasWildcard))
            {
                var request = new ArtifactRequest(part, DeclaredArtifact.Split(d.Exclude).ToList(), d.Metadata, d.File, d.Line);
                if (!d.Conditional && !DeclaredArtifact.IsDynamic(d.Include))
                {
                    fromXml.Add((d.File, d.Line));
                    if (ToGlob(request) is { } glob)
                    {
                        globs.Add((request, glob));
                    }
                }
                else if (evaluatedGlobs is null)
                {
                    // The caller evaluates whenever NeedsEvaluation says so; a selection must never be lost quietly.
                    problems.Add(new SelectionProblem(ErrorCodes.GlobEvaluationFailed,
                        $"DataArtifact Include '{part}' uses a property or sits under a Condition, and MSBuild's evaluation of it is not available; write the glob literally, or escape its wildcards as %2A",
                        d.File, d.Line));
                }
            }
        }

        // MSBuild's own expansion of the rest: properties expanded, conditions decided (a false one selects nothing).
        foreach (var g in evaluatedGlobs ?? [])
        {
            if (fromXml.Contains((g.File, g.Line)))
            {
                continue;
            }

            foreach (var part in g.Includes)
            {
                var request = new ArtifactRequest(part, g.Excludes, g.Metadata, g.File, g.Line);
                if (ToGlob(request) is { } glob)
                {
                    globs.Add((request, glob));
                }
            }
        }

        foreach (var request in evaluated)
        {
            if (request.IsGlob)
            {
                // Escaped wildcards (%2A) survive evaluation as a literal glob.
                if (ToGlob(request) is { } glob)
                {
                    SelectGlob(request, glob);
                }
            }
            else
            {
                SelectPath(request, globs.Select(g => g.Glob));
            }
        }

        foreach (var (request, glob) in globs)
        {
            SelectGlob(request, glob);
        }

        // Literal Remove elements apply to what the XML globs added (evaluation already applied them to its items).
        foreach (var d in declared.Where(d => d.Remove.Length > 0 && !d.Conditional && !DeclaredArtifact.IsDynamic(d.Remove)))
        {
            foreach (var part in DeclaredArtifact.Split(d.Remove))
            {
                var remove = new ArtifactRequest(part, [], d.Metadata, d.File, d.Line);
                var glob = remove.IsGlob ? ToGlob(remove) : null;
                var path = remove.IsGlob ? null : ToRepositoryPath(part);
                foreach (var key in selected.Keys.ToList())
                {
                    if (glob?.IsMatch(key) == true || (path is not null && (key == path || key.StartsWith(path + "/", StringComparison.Ordinal))))
                    {
                        selected.Remove(key);
                    }
                }
            }
        }
    }

    private void SelectPath(ArtifactRequest request, IEnumerable<EntryGlob> globs)
    {
        var path = ToRepositoryPath(request.Spec);
        if (path is null)
        {
            problems.Add(OutsideProblem(request));
            return;
        }

        if (manifest.TryGet(path, out var entry))
        {
            Add(request, entry, baseFolder: null);
            return;
        }

        if (externName is not null && path.Length == 0)
        {
            problems.Add(new SelectionProblem(ErrorCodes.InvalidBuildSetting,
                $"DataArtifact '{request.Spec}' with Extern=\"{externName}\" names the whole namespace; name a manifest path, folder or glob in it (e.g. data/**)", request.File, request.Line));
            return;
        }

        var prefix = path.Length == 0 ? string.Empty : path + "/";
        var under = manifest.Entries.Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (under.Count > 0)
        {
            foreach (var e in under)
            {
                Add(request, e, path);
            }

            return;
        }

        // A file evaluation found for a glob that is not tracked (yet): the glob itself decides, below.
        if (globs.Any(g => g.IsMatch(path)))
        {
            return;
        }

        problems.Add(new SelectionProblem(ErrorCodes.ArtifactSelectsNothing,
            $"DataArtifact '{request.Spec}' selects no entry of {ManifestName} ({path}); fix the path, or 'dotnet data add' and push the file", request.File, request.Line));
    }

    private void SelectGlob(ArtifactRequest request, EntryGlob glob)
    {
        var excludes = request.Excludes.Select(x => new ArtifactRequest(x, [], request.Metadata, request.File, request.Line))
            .Select(x => x.IsGlob ? ToGlob(x) : ToRepositoryPath(x.Spec) is { } p ? EntryGlob.Parse(p) : null)
            .OfType<EntryGlob>().ToList();
        var count = 0;
        foreach (var e in manifest.Entries)
        {
            if (glob.IsMatch(e.Path) && !excludes.Any(x => x.IsMatch(e.Path)))
            {
                Add(request, e, glob.FixedBase);
                count++;
            }
        }

        if (count == 0)
        {
            problems.Add(new SelectionProblem(ErrorCodes.ArtifactSelectsNothing,
                $"DataArtifact '{request.Spec}' selects no entry of {ManifestName} (pattern {glob.Pattern}); fix the glob, or 'dotnet data add' and push the files", request.File, request.Line));
        }
    }

    private void Add(ArtifactRequest request, ManifestEntry entry, string? baseFolder)
    {
        if (selected.ContainsKey(entry.Path))
        {
            // The first request wins: evaluated items come first and carry MSBuild's own metadata.
            return;
        }

        var metadata = new Dictionary<string, string>(request.Metadata, StringComparer.OrdinalIgnoreCase);
        var copy = Get(metadata, "CopyToOutputDirectory") ?? DefaultCopy;
        var match = CopyValues.FirstOrDefault(v => v.Equals(copy, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            problems.Add(new SelectionProblem(ErrorCodes.InvalidBuildSetting,
                $"DataArtifact '{request.Spec}' has CopyToOutputDirectory '{copy}'; use {string.Join(", ", CopyValues)}", request.File, request.Line));
            return;
        }

        metadata["CopyToOutputDirectory"] = match;
        metadata["CopyToPublishDirectory"] = Get(metadata, "CopyToPublishDirectory") ?? match;
        var explicitPath = Get(metadata, "TargetPath") ?? Get(metadata, "Link");
        var targetPath = explicitPath is null && externName is not null
            ? ExternLayout.TargetPath(externName, entry.Path)
            : TargetPath(explicitPath, entry.Path, baseFolder);
        metadata["TargetPath"] = targetPath;
        if (Get(metadata, "Link") is not null)
        {
            metadata["Link"] = targetPath;
        }
        else
        {
            // No default Link: TargetPath alone places the copy, and an item without it stays in the compact selection cache.
            metadata.Remove("Link");
        }

        if (externName is not null)
        {
            metadata[ExternMetadata] = externName;
        }
        else
        {
            metadata.Remove(ExternMetadata);
        }
        if (Get(metadata, "Pack") is { } pack && pack.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            metadata["PackagePath"] = PackagePath(Get(metadata, "PackagePath"), targetPath, entry.Path, baseFolder);
        }

        metadata["Visible"] = Get(metadata, "Visible") ?? "true";
        selected[entry.Path] = new SelectedArtifact(entry.Path, entry.StorageKey, entry.Size, EntryPath.ToFullPath(root, entry.Path), targetPath, metadata);
    }

    /// <summary>
    /// Where the copy goes: the manifest path by default (bin/…/data/models/a.onnx, where the runtime resolver looks);
    /// for one file, Link/TargetPath is the file (or a folder when it ends in '/'); for a folder or glob it is the
    /// folder that replaces the selection's fixed base.
    /// </summary>
    private static string TargetPath(string? explicitPath, string entryPath, string? baseFolder)
    {
        if (string.IsNullOrEmpty(explicitPath))
        {
            return entryPath;
        }

        explicitPath = explicitPath.Replace('\\', '/');
        var name = entryPath[(entryPath.LastIndexOf('/') + 1)..];
        if (baseFolder is null)
        {
            return explicitPath.EndsWith('/') ? explicitPath + name : explicitPath;
        }

        var below = baseFolder.Length == 0 ? entryPath : entryPath[(baseFolder.Length + 1)..];
        return explicitPath.TrimEnd('/') + "/" + below;
    }

    private static string PackagePath(string? explicitPath, string targetPath, string entryPath, string? baseFolder) =>
        string.IsNullOrEmpty(explicitPath) ? targetPath : TargetPath(explicitPath, entryPath, baseFolder);

    private string ManifestName => externName is null ? DataManifest.FileName : $"namespace '{externName}' ({Path.Join(root, DataManifest.FileName)})";

    private static string? Get(Dictionary<string, string> metadata, string name) =>
        metadata.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private EntryGlob? ToGlob(ArtifactRequest request)
    {
        var segments = request.Spec.Replace('\\', '/').Split('/');
        var fixedCount = 0;
        while (fixedCount < segments.Length - 1 && !EntryGlob.HasWildcard(segments[fixedCount]))
        {
            fixedCount++;
        }

        var fixedPart = string.Join('/', segments.Take(fixedCount));
        var basePath = ToRepositoryPath(fixedPart.Length == 0 ? "." : fixedPart);
        if (basePath is null)
        {
            problems.Add(OutsideProblem(request));
            return null;
        }

        var rest = string.Join('/', segments.Skip(fixedCount));
        return EntryGlob.Parse(basePath.Length == 0 ? rest : basePath + "/" + rest);
    }

    private SelectionProblem OutsideProblem(ArtifactRequest request) => new(ErrorCodes.PathOutsideRepository,
        externName is null
            ? $"DataArtifact '{request.Spec}' is outside the repository at {root}; name a path under the folder holding {DataManifest.FileName}"
            : $"DataArtifact '{request.Spec}' with Extern=\"{externName}\" leaves that namespace's repository at {root}; name a manifest path of the namespace, relative to its root",
        request.File, request.Line);

    /// <summary>A project-relative (or absolute) path as a repository path; "" for the root, null outside.</summary>
    private string? ToRepositoryPath(string spec)
    {
        var full = Path.GetFullPath(Path.Combine(projectDirectory, spec.Replace('\\', '/').TrimEnd('/')));
        return EntryPath.FromFullPath(root, full);
    }
}
