using DataTasks.Core;
using DataTasks.Core.Config;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;

namespace DataTasks.Cli;

/// <summary>What every command gets: the output writers, the global options and the repository they point at.</summary>
internal sealed class CliContext
{
    private DataRepository? repository;
    private ResolvedConfig? config;

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard input (git hands hooks their input there).</summary>
    public TextReader Input { get; init; } = Console.In;

    /// <summary>The directory the command runs in (after -C).</summary>
    public required string WorkingDirectory { get; init; }

    public string? RemoteOverride { get; init; }

    public string? CacheDirOverride { get; init; }

    public bool Json { get; set; }

    public bool Quiet { get; init; }

    public bool Verbose { get; init; }

    public required CancellationToken Cancellation { get; init; }

    public DataRepository Repository => repository ??= DataRepository.Discover(WorkingDirectory);

    /// <summary>
    /// The configuration ladder, resolved once for the whole command: the repository's files when the working
    /// directory is in one, else the variables and the user's file only.
    /// </summary>
    public ResolvedConfig Config => config ??= ResolvedConfig.Resolve(RepositoryRootOrNull());

    /// <summary>--cache-dir when given (without reading any configuration), else the ladder's "cache".</summary>
    public MachineCache Cache => new(string.IsNullOrWhiteSpace(CacheDirOverride) ? Config.CacheDirectory() : Path.GetFullPath(CacheDirOverride))
    {
        Pools = ReadPools.From(() => Config),
    };

    /// <summary>
    /// The remote of <see cref="Repository"/>, by the rule every front shares (<see cref="NamespaceRemote"/>); DT0801 when
    /// DATATASKS_OFFLINE is on. Commands open it only for what the machine cache cannot answer, so they work cache-only.
    /// </summary>
    public DataRemote OpenRemote() => OpenRemote(Repository, RemoteOverride);

    /// <summary>Like <see cref="OpenRemote()"/>, for <paramref name="repository"/> (a namespace of <paramref name="map"/>).</summary>
    public DataRemote OpenRemote(DataRepository repository, string? remoteOverride, ExportMap? map = null) => OfflineSwitch.IsOn()
        ? throw OfflineSwitch.RemoteNeeded(OfflineSwitch.VariableSpelling, Cache.Directory)
        : NamespaceRemote.Open(repository, remoteOverride, map);

    /// <summary>The repository root, or null when the working directory is in no repository.</summary>
    public string? RepositoryRootOrNull()
    {
        try
        {
            return Repository.Root;
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.NoRepository)
        {
            return null;
        }
    }

    /// <summary>Converts user path arguments to repository paths.</summary>
    public List<string> RepositoryPaths(IEnumerable<string> userPaths) =>
        userPaths.Select(p => Repository.ToRepositoryPath(p, WorkingDirectory)).ToList();

    /// <summary>Prints a path relative to the repository root, as git does for the root.</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            Out.WriteLine(text);
        }
    }

    public void Warn(DataTasksException ex) => Report("warning", ex, ex.Message);

    public void Fail(DataTasksException ex) => Report("error", ex, ex.Message);

    /// <summary>
    /// One <c>error DTnnnn:</c> (or warning) line with <paramref name="message"/>; with --verbose, the exception behind it
    /// follows. Both pass the secret redaction: stores echo request headers back in their messages.
    /// </summary>
    public void Report(string severity, DataTasksException ex, string message)
    {
        Error.WriteLine($"{severity} {ex.Code}: {SecretRedactor.Redact(message)}");
        if (Verbose && ex.InnerException is not null)
        {
            Error.WriteLine(SecretRedactor.Describe(ex));
        }
    }
}
