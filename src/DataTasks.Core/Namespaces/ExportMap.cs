using System.Text.Json;
using DataTasks.Core.Manifest;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Namespaces;

/// <summary>
/// export.json at a monorepo root: a flat map from a namespace name to the folder of a data repository
/// (<c>{"pesto": "models/pesto/pesto"}</c>). Each namespace keeps its own artifacts.json and may have its own remote
/// configuration. A map names folders, never other namespaces, so it cannot form a cycle of namespaces; a loop of
/// symbolic links under a namespace path is refused (DT0706).
/// </summary>
public sealed class ExportMap
{
    /// <summary>The file name looked for at the monorepo root.</summary>
    public const string FileName = "export.json";

    private readonly Dictionary<string, string> namespaces;

    private ExportMap(string root, Dictionary<string, string> namespaces)
    {
        Root = root;
        this.namespaces = namespaces;
    }

    /// <summary>The monorepo root: the folder holding export.json.</summary>
    public string Root { get; }

    /// <summary>The export.json file.</summary>
    public string File => Path.Join(Root, FileName);

    /// <summary>Namespace names, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. namespaces.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The path of <paramref name="name"/> as written in export.json, relative to <see cref="Root"/>.</summary>
    public string RelativePathOf(string name) =>
        namespaces.TryGetValue(name, out var path) ? path : throw UnknownNamespace(name);

    /// <summary>
    /// The nearest export.json in <paramref name="startDirectory"/> or a parent folder, or null when there is none. A
    /// file that exists but is invalid is an error (DT0701), never skipped in favour of one further up.
    /// </summary>
    public static ExportMap? Find(string startDirectory)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(startDirectory)); d is not null; d = d.Parent)
        {
            var file = Path.Join(d.FullName, FileName);
            if (System.IO.File.Exists(file))
            {
                return Load(file);
            }
        }

        return null;
    }

    /// <summary>Like <see cref="Find"/>, but DT0705 when there is no export.json.</summary>
    public static ExportMap FindRequired(string startDirectory) =>
        Find(startDirectory) ?? throw new DataTasksException(ErrorCodes.NoExportMap,
            $"no {FileName} in {Path.GetFullPath(startDirectory)} or any parent folder; create one at the monorepo root mapping namespaces to repository folders, e.g. {{\"pesto\": \"models/pesto\"}}");

    /// <summary>Reads and validates <paramref name="file"/> (names and path shapes; the folders are checked on <see cref="Open"/>).</summary>
    public static ExportMap Load(string file)
    {
        var full = Path.GetFullPath(file);
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot read {full}: {ex.Message}", ex);
        }

        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        if (JsonStrings.FindInvalid(bytes, new JsonReaderOptions { CommentHandling = options.CommentHandling, AllowTrailingCommas = true }) is var (badLine, badColumn))
        {
            throw Invalid(full, $"has a string that is not valid text (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8) at line {badLine}, column {badColumn}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            throw Invalid(full, $"is not valid JSON{where}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(full, "must be a JSON object mapping namespace names to repository folders");
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = property.Name;
                if (!IsValidName(name))
                {
                    throw Invalid(full, $"has a bad namespace name '{name}' (use letters, digits, '.', '_' and '-', starting with a letter or digit)");
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(full, $"namespace '{name}' must map to a folder path string");
                }

                if (!map.TryAdd(name, Normalize(full, name, property.Value.GetString()!)))
                {
                    throw Invalid(full, $"names namespace '{name}' twice");
                }
            }

            return new ExportMap(Path.GetDirectoryName(full)!, map);
        }
    }

    /// <summary>
    /// Opens the repository of namespace <paramref name="name"/>: DT0702 when it is not in the map, DT0703 when its
    /// folder leaves the monorepo (symbolic links included), DT0706 on a link loop, DT0704 when it has no artifacts.json.
    /// </summary>
    public DataRepository Open(string name)
    {
        var relative = RelativePathOf(name);
        var folder = Path.GetFullPath(Path.Join(Root, relative));
        string real;
        string realRoot;
        try
        {
            real = RepositoryBoundary.RealPath(folder);
            realRoot = RepositoryBoundary.RealPath(Root);
        }
        catch (IOException ex)
        {
            throw new DataTasksException(ErrorCodes.NamespaceCycle, $"namespace '{name}' ({relative}) in {File} goes round a loop of symbolic links: {ex.Message}", ex);
        }

        if (!IsInside(real, realRoot))
        {
            throw new DataTasksException(ErrorCodes.NamespaceLeavesMonorepo, $"namespace '{name}' ({relative}) in {File} resolves to {real}, outside the monorepo at {realRoot}");
        }

        if (!System.IO.File.Exists(Path.Join(folder, DataManifest.FileName)))
        {
            throw new DataTasksException(ErrorCodes.NamespaceNotARepository, $"namespace '{name}' in {File}: no {DataManifest.FileName} in {folder}; run 'dotnet data init' there or fix the path");
        }

        return DataRepository.At(folder);
    }

    /// <summary>The namespace whose folder is exactly <paramref name="repositoryRoot"/>, or null.</summary>
    public string? NameOf(string repositoryRoot)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        return Names.FirstOrDefault(n => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Join(Root, namespaces[n]))), target, StringComparison.Ordinal));
    }

    private DataTasksException UnknownNamespace(string name) => new(ErrorCodes.UnknownNamespace,
        namespaces.Count == 0
            ? $"unknown namespace '{name}': {File} defines none"
            : $"unknown namespace '{name}' in {File}; known: {string.Join(", ", Names)}");

    private static bool IsValidName(string name) => NamespaceName.IsValid(name);

    /// <summary>Checks the shape of a namespace path (relative, no climbing above the root) and returns it with '/'.</summary>
    private static string Normalize(string file, string name, string path)
    {
        if (path.Any(char.IsControl))
        {
            throw Invalid(file, $"namespace '{name}' has a path with a control character (a NUL, a line break); write the folder path alone");
        }

        var p = path.Replace('\\', '/').Trim();
        if (p.Length == 0)
        {
            throw Invalid(file, $"namespace '{name}' has an empty path (use \".\" for the monorepo root)");
        }

        if (Path.IsPathRooted(p) || p.StartsWith('/') || (p.Length >= 2 && p[1] == ':'))
        {
            throw new DataTasksException(ErrorCodes.NamespaceLeavesMonorepo, $"namespace '{name}' in {file} has an absolute path '{path}'; use a path relative to the monorepo root");
        }

        var depth = 0;
        foreach (var segment in p.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ReservedSegment.Find(segment) is { } reserved)
            {
                throw Invalid(file, $"namespace '{name}' has path '{path}', which goes through {reserved}; point it at a data repository's folder");
            }

            depth += segment switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                throw new DataTasksException(ErrorCodes.NamespaceLeavesMonorepo, $"namespace '{name}' in {file} has path '{path}', which climbs above the monorepo root");
            }
        }

        return p;
    }

    private static bool IsInside(string path, string root)
    {
        var r = Path.TrimEndingDirectorySeparator(root);
        var p = Path.TrimEndingDirectorySeparator(path);
        return p == r || p.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static DataTasksException Invalid(string file, string problem) => new(ErrorCodes.ExportMapInvalid, $"{file} {problem}");
}
