using DataTasks.Cli.Commands;
using DataTasks.Core;

namespace DataTasks.Cli;

/// <summary>The dotnet data command line: global options, dispatch, and the mapping of failures to exit codes.</summary>
public static class CliApp
{
    /// <summary>Exit code when everything is fine.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code when problems were found: a verify mismatch, a failed transfer.</summary>
    public const int ExitProblems = 1;

    /// <summary>Exit code for usage or input errors.</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code after cancellation (Ctrl+C).</summary>
    public const int ExitCancelled = 130;

    internal const string Usage = """
        usage: dotnet data [-C <dir>] [--remote <url>] [--cache-dir <dir>] [--verbose] [--quiet] <command> [<args>]

        commands:
          init [--remote <url>] [--no-install]  start tracking data in this folder (creates artifacts.json;
                                                installs the git hooks and merge driver unless --no-install)
          add <path|dir>... | --all             hash files and record them in artifacts.json (uploads nothing)
          rm [--cached] [--delete [--force]] <path>...
                                                remove entries from artifacts.json (keeps the files unless --delete;
                                                --delete refuses content that is only on disk unless --force)
          status [<path>...] [--remote] [--json]
                                                synced, added, modified, missing, untracked, deleted
                                                (--remote: also check the remote has each key)
          push [<path>...] [--dry-run] [--jobs N]
                                                upload added and modified files, record their keys
          push --repair <path>...               replace corrupt or missing remote objects from verified local files
          pull [<path>...] [--pattern GLOB]... [--extern NS]... [--all] [--dry-run] [--jobs N] [--no-cache]
                                                download missing files through the machine cache
                                                (--extern/--all: namespaces of export.json;
                                                --no-cache: straight into the tree, no cached copy)
          verify [<path>...] [--json]           re-hash local files (and their cached copies) against the manifest
          verify --remote [<path>...] [--jobs N]
                                                download and hash the remote objects the entries reference
          tree [<path>...] [--json]             per-folder counts, sizes and status
          check [--json]                        resolver paths in C# sources that no manifest has (dangling),
                                                that cannot be checked (unverified), and untracked data files
          diff [<rev> | <a>..<b> | <a>...<b>] [--extern NS] [--json]
                                                added, removed, modified and renamed entries
          log [<path>...] [--oneline] [-n N] [--json]
                                                commits that changed artifacts.json, and what they changed
          gc [--prune] [--grace 24h] [--ref <rev>]... [--since <date>] [--json]
                                                remote objects no manifest at any commit references (--prune deletes)
          gc --cache [--max-age 30d] [--max-size 20GB] [--prune] [--json]
                                                machine-cache objects unused for long, or over a size budget
          gc --cache --verify                   re-hash every cached object, quarantine corrupt ones
          checkout [<rev>] [<path>...] [--force] [--dry-run] [--jobs N]
                                                the data of a revision into the tree, HEAD and artifacts.json
                                                unchanged (--force replaces edits after saving them in the cache)
          fetch [<rev>...] [--all-refs] [--jobs N]
                                                objects into the machine cache only (the working manifest's, or
                                                those of revisions or of every branch, tag and remote branch)
          install [--no-hydrate] | uninstall    git hooks (hydrate after checkout, merge and rebase; guard git push)
                                                and the artifacts.json merge driver, for this clone
          merge-driver <base> <ours> <theirs> [<path>] | --resolve
                                                three-way merge of artifacts.json entries (git's merge driver;
                                                --resolve: merge a conflicted artifacts.json from git's index)

        exit codes: 0 fine, 1 problems found, 2 usage or input error, 130 cancelled
        docs: README.md, docs/errors.md
        """;

    /// <summary>Runs one command line and returns its exit code. Never throws for user errors.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, CancellationToken cancellationToken)
    {
        var verbose = args.Contains("--verbose") || args.Contains("-v");
        using var notices = RunningNotices.Listen(n => stderr.WriteLine($"warning {n.Code}: {n.Message}"));
        try
        {
            return await DispatchAsync(args, stdout, stderr, workingDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DataTasksException ex)
        {
            stderr.WriteLine($"error {ex.Code}: {SecretRedactor.Redact(ex.Message)}");
            if (verbose)
            {
                stderr.WriteLine(SecretRedactor.Describe(ex));
            }

            return ex.IsUsageError ? ExitUsage : ExitProblems;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine($"error {ErrorCodes.Cancelled}: cancelled; nothing partial was left at any target path, run the command again to finish");
            return ExitCancelled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error {ErrorCodes.IoError}: {SecretRedactor.Redact(ex.Message)}");
            if (verbose)
            {
                stderr.WriteLine(SecretRedactor.Describe(ex));
            }

            return ExitProblems;
        }
    }

    /// <summary>
    /// A command's own option that shares a global option's name wins after the command word, as a subcommand's option
    /// does in System.CommandLine: <c>status --remote</c> and <c>verify --remote</c> are those commands' flags, while
    /// <c>dotnet data --remote URL status</c> still names the remote.
    /// </summary>
    private static string[] ShadowGlobalOptions(string[] args)
    {
        var result = (string[])args.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            var a = result[i];
            if (a == "--")
            {
                break;
            }

            if (a is "-C" or "--remote" or "--cache-dir")
            {
                i++;
                continue;
            }

            if (a.Length > 0 && a[0] == '-')
            {
                continue;
            }

            // status --remote checks keys on the remote; verify --remote (--remote-objects) downloads and hashes them.
            var own = a switch { "status" => StatusCommand.CheckRemoteFlag, "verify" => "--remote-objects", _ => null };
            if (own is not null)
            {
                for (var j = i + 1; j < result.Length && result[j] != "--"; j++)
                {
                    if (result[j] == "--remote")
                    {
                        result[j] = own;
                    }
                }
            }

            break;
        }

        return result;
    }

    private static async Task<int> DispatchAsync(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(ShadowGlobalOptions(args));
        var chdir = reader.Options("-C");
        var remote = reader.Option("--remote");
        var cacheDir = reader.Option("--cache-dir");
        var verbose = reader.Flag("--verbose", "-v");
        var quiet = reader.Flag("--quiet", "-q");
        var help = reader.Flag("--help", "-h");
        var version = reader.Flag("--version");
        var dir = workingDirectory;
        foreach (var c in chdir)
        {
            dir = Path.GetFullPath(Path.IsPathRooted(c) ? c : Path.Join(dir, c));
            if (!Directory.Exists(dir))
            {
                throw new DataTasksException(ErrorCodes.NoSuchDirectory, $"cannot change to '{c}': no such directory");
            }
        }

        var rest = reader.Remaining();
        if (version)
        {
            stdout.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            return ExitOk;
        }

        var commandIndex = rest.FindIndex(a => a.Length == 0 || a[0] != '-');
        if (commandIndex < 0)
        {
            if (rest.Count > 0)
            {
                throw new DataTasksException(ErrorCodes.Usage, $"unknown option '{rest[0]}'; see 'dotnet data --help'");
            }

            (help ? stdout : stderr).WriteLine(Usage);
            return help ? ExitOk : ExitUsage;
        }

        var command = rest[commandIndex];
        rest.RemoveAt(commandIndex);
        var commandArgs = new ArgumentReader(rest);
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitOk;
        }

        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            WorkingDirectory = dir,
            RemoteOverride = remote,
            // Relative to the folder the command runs in (after -C), as if it had been started there.
            CacheDirOverride = string.IsNullOrWhiteSpace(cacheDir) ? cacheDir : Path.GetFullPath(cacheDir, dir),
            Quiet = quiet,
            Verbose = verbose,
            Cancellation = cancellationToken,
        };

        return command switch
        {
            "init" => await InitCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "add" => await AddCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "rm" => await RemoveCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "status" => await StatusCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "push" => await PushCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "pull" => await PullCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "verify" => await VerifyCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "tree" => TreeCommand.Run(context, commandArgs),
            "check" => CheckCommand.Run(context, commandArgs),
            "diff" => await DiffCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "log" => await LogCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "gc" => await GcCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "merge-driver" => await MergeDriverCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "checkout" => await CheckoutCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "fetch" => await FetchCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            "install" => await InstallCommand.InstallAsync(context, commandArgs).ConfigureAwait(false),
            "uninstall" => await InstallCommand.UninstallAsync(context, commandArgs).ConfigureAwait(false),
            "hook" => await HookCommand.RunAsync(context, commandArgs).ConfigureAwait(false),
            _ => throw new DataTasksException(ErrorCodes.Usage, $"'{command}' is not a dotnet data command; see 'dotnet data --help'"),
        };
    }
}
