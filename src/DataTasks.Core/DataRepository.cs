using DataTasks.Core.Config;
using DataTasks.Core.Manifest;
using DataTasks.Core.Patterns;

namespace DataTasks.Core;

/// <summary>
/// A repository that DataTasks manages: the folder holding artifacts.json (found by walking up, like git), its
/// pattern files, configuration and local state.
/// </summary>
public sealed class DataRepository
{
    /// <summary>The pattern file choosing what add and status track.</summary>
    public const string PatternFileName = ".datapattern";

    /// <summary>The pattern file excluding paths from tracking.</summary>
    public const string IgnoreFileName = ".dataignore";

    /// <summary>The folder of DataTasks' configuration and local state.</summary>
    public const string DataTasksFolder = ".datatasks";

    private PatternList? patterns;
    private PatternList? ignores;
    private bool? ignoreCase;
    private LoadedManifest? lastLoaded;

    private DataRepository(string root)
    {
        Root = root;
    }

    /// <summary>The absolute repository root.</summary>
    public string Root { get; }

    /// <summary>The manifest file.</summary>
    public string ManifestFile => Path.Join(Root, DataManifest.FileName);

    /// <summary>Local, gitignored state: the stat cache, added hashes, locks.</summary>
    public string StateDirectory => Path.Join(Root, DataTasksFolder, "state");

    /// <summary>The .datapattern rules; empty when the file is absent.</summary>
    public PatternList Patterns => patterns ??= PatternList.Load(Path.Join(Root, PatternFileName), IgnoreCase);

    /// <summary>The .dataignore rules; empty when the file is absent.</summary>
    public PatternList Ignores => ignores ??= PatternList.Load(Path.Join(Root, IgnoreFileName), IgnoreCase);

    /// <summary>
    /// git's <c>core.ignorecase</c> for the clone holding the repository, read from its git config (no git process):
    /// when true, the pattern files match ASCII letters in either case, as git does.
    /// </summary>
    public bool IgnoreCase => ignoreCase ??= GitIgnoreCaseSetting.Read(Root);

    /// <summary>True when a .datapattern file exists.</summary>
    public bool HasPatternFile => File.Exists(Path.Join(Root, PatternFileName));

    /// <summary>Finds the repository containing <paramref name="startDirectory"/> by walking up to the nearest artifacts.json.</summary>
    public static DataRepository Discover(string startDirectory)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(startDirectory));
        if (!dir.Exists)
        {
            throw new DataTasksException(ErrorCodes.NoSuchDirectory, $"directory {dir.FullName} does not exist");
        }

        for (var d = dir; d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Join(d.FullName, DataManifest.FileName)))
            {
                return new DataRepository(d.FullName);
            }
        }

        throw new DataTasksException(ErrorCodes.NoRepository,
            $"no {DataManifest.FileName} in {dir.FullName} or any parent folder; run 'dotnet data init' at your repository root");
    }

    /// <summary>Opens the repository rooted exactly at <paramref name="root"/> (its manifest may not exist yet).</summary>
    public static DataRepository At(string root) => new(Path.GetFullPath(root));

    /// <summary>Reads and validates the manifest.</summary>
    public DataManifest LoadManifest()
    {
        var loaded = LoadedManifest.Read(ManifestFile);
        lastLoaded = loaded;
        return loaded.Manifest;
    }

    /// <summary>
    /// Reads the manifest again for a change (under the manifest lock): a copy of what <see cref="LoadManifest"/> last
    /// returned when the file still holds the same bytes and that object is unchanged, so a one-file add on a large
    /// manifest parses it once, not twice.
    /// </summary>
    internal LoadedManifest ReloadManifest() => LoadedManifest.ReadForChange(ManifestFile, lastLoaded);

    /// <summary>Loads the effective configuration.</summary>
    /// <param name="remoteOverride">A remote given on the command line or as an MSBuild property; wins over everything.</param>
    /// <param name="environment">Where variables are read; the process environment when null.</param>
    public DataTasksConfig LoadConfig(string? remoteOverride = null, EnvironmentVariables? environment = null) =>
        DataTasksConfig.Load(Root, remoteOverride, environment);

    /// <summary>
    /// Present once a pull or push here used a link mode that shares cache objects (hardlink, symlink), so data files
    /// may be links into a machine cache. DataTasks.Sdk's targets name the same path (.datatasks/state/linked).
    /// </summary>
    public string LinkedMarkerPath => Path.Join(StateDirectory, "linked");

    /// <summary>Creates the state folder with a .gitignore that keeps it out of git, and returns its path.</summary>
    public string EnsureStateDirectory()
    {
        var dir = StateDirectory;
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var ignore = Path.Join(dir, ".gitignore");
        if (!File.Exists(ignore))
        {
            Storage.AtomicFile.WriteAllBytes(ignore, "# DataTasks local state: never commit\n*\n"u8);
        }

        return dir;
    }

    /// <summary>The full path on disk of an entry path.</summary>
    public string FullPathOf(string entryPath) => EntryPath.ToFullPath(Root, entryPath);

    /// <summary>
    /// Resolves a user-supplied path (absolute, or relative to <paramref name="workingDirectory"/>) to a repository
    /// path; DT0003 when it lies outside the repository.
    /// </summary>
    public string ToRepositoryPath(string userPath, string workingDirectory)
    {
        var full = Path.IsPathRooted(userPath) ? userPath : Path.Join(workingDirectory, userPath);
        var rel = EntryPath.FromFullPath(Root, full);
        return rel ?? throw new DataTasksException(ErrorCodes.PathOutsideRepository, $"'{userPath}' is outside the repository at {Root}");
    }
}
