using DataTasks.Cli.CommandLine;
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

    /// <summary>Runs one command line and returns its exit code. Never throws for user errors.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, CancellationToken cancellationToken)
    {
        // Only dotnet data's own options: after '--' they are the run command's (dotnet data run -- tool -v).
        var verbose = args.TakeWhile(a => a != "--").Any(a => a is "--verbose" or "-v");
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

    private static async Task<int> DispatchAsync(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, CancellationToken cancellationToken)
    {
        var catalog = CommandCatalog.Create();
        var result = CommandLineParser.Parse(catalog, args);
        var global = catalog.Global;
        var help = new HelpWriter(catalog, HelpWidth());
        var command = result.CommandResult.Command as DataCommand;
        if (command is null)
        {
            if (result.GetValue(global.Version))
            {
                stdout.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
                return ExitOk;
            }

            var wanted = result.GetValue(global.Help);
            (wanted ? stdout : stderr).Write(help.Root());
            return wanted ? ExitOk : ExitUsage;
        }

        var commandArgs = new ArgumentReader(result, command);
        if (result.GetValue(global.Help))
        {
            stdout.Write(help.Command(command));
            return ExitOk;
        }

        switch (command.Name)
        {
            case "help":
                return Help(catalog, help, commandArgs.Positionals("help"), stdout);
            case "completion":
                return Completion(commandArgs.Positionals("completion"), stdout);
            case ShellCompletion.CommandName:
                var line = string.Join(' ', commandArgs.Positionals(ShellCompletion.CommandName));
                foreach (var item in ShellCompletion.Complete(catalog, line, commandArgs.IntOption(0, int.MaxValue, "--position") ?? line.Length))
                {
                    stdout.WriteLine(item);
                }

                return ExitOk;
        }

        var dir = workingDirectory;
        foreach (var c in result.GetValue(global.Directory) ?? [])
        {
            dir = Path.GetFullPath(Path.IsPathRooted(c) ? c : Path.Join(dir, c));
            if (!Directory.Exists(dir))
            {
                throw new DataTasksException(ErrorCodes.NoSuchDirectory, $"cannot change to '{c}': no such directory");
            }
        }

        var cacheDir = result.GetValue(global.CacheDir)?.LastOrDefault();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            WorkingDirectory = dir,
            RemoteOverride = result.GetValue(global.Remote)?.LastOrDefault(),
            // Relative to the folder the command runs in (after -C), as if it had been started there.
            CacheDirOverride = string.IsNullOrWhiteSpace(cacheDir) ? cacheDir : Path.GetFullPath(cacheDir, dir),
            Quiet = result.GetValue(global.Quiet),
            Verbose = result.GetValue(global.Verbose),
            Cancellation = cancellationToken,
        };

        try
        {
            return await command.Handler!(context, commandArgs).ConfigureAwait(false);
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.Usage && !ex.Message.Contains("see '", StringComparison.Ordinal))
        {
            // Every usage error names the help that answers it.
            throw new DataTasksException(ErrorCodes.Usage, $"{ex.Message}; see 'dotnet data {command.Name} --help'", ex);
        }
    }

    private static int Help(CommandCatalog catalog, HelpWriter help, List<string> names, TextWriter stdout)
    {
        if (names.Count == 0)
        {
            stdout.Write(help.Root());
            return ExitOk;
        }

        if (names.Count > 1)
        {
            throw new DataTasksException(ErrorCodes.Usage, "help takes one command; see 'dotnet data help help'");
        }

        var command = catalog.Find(names[0]) is { Hidden: false } found
            ? found
            : throw new DataTasksException(ErrorCodes.Usage, $"'{names[0]}' is not a dotnet data command; see 'dotnet data --help'");
        stdout.Write(help.Command(command));
        return ExitOk;
    }

    private static int Completion(List<string> shells, TextWriter stdout)
    {
        if (shells.Count != 1)
        {
            throw new DataTasksException(ErrorCodes.Usage, $"completion takes one shell ({string.Join(", ", ShellCompletion.Shells)}); see 'dotnet data completion --help'");
        }

        stdout.Write(ShellCompletion.Script(shells[0]));
        return ExitOk;
    }

    /// <summary>The terminal's width when help goes to one, else a fixed width so piped help is the same everywhere.</summary>
    private static int HelpWidth()
    {
        try
        {
            return Console.IsOutputRedirected ? 100 : Console.WindowWidth - 1;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
