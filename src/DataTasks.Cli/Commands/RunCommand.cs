using System.Collections.ObjectModel;
using DataTasks.Core;
using DataTasks.Core.Runs;

namespace DataTasks.Cli.Commands;

/// <summary>
/// run: run a command, then add the data files it created or changed with the entries it resolved as their inputs.
/// The command owns standard output, so run's own report goes to standard error (--json to standard output, after
/// whatever the command printed).
/// </summary>
internal static class RunCommand
{
    private const string Shape = "dotnet data run [--name <name>] [--input <entry>]... -- <command> [<arg>...]; see 'dotnet data run --help'";

    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var command = args.AfterEndOfOptions();
        var positionals = args.Positionals("run");
        if (command is null)
        {
            throw new DataTasksException(ErrorCodes.RunUsage, positionals.Count == 0
                ? $"run needs '--' and the command to run: {Shape}"
                : $"run needs '--' before the command ('{positionals[0]}'): {Shape}");
        }

        if (positionals.Count > command.Count)
        {
            throw new DataTasksException(ErrorCodes.RunUsage, $"unexpected argument '{positionals[0]}' before '--': {Shape}");
        }

        if (command.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.RunUsage, $"run needs a command after '--': {Shape}");
        }

        var name = args.Option("--name");
        if (name is not null)
        {
            try
            {
                RunInfo.EnsureValidName(name);
            }
            catch (DataTasksException ex)
            {
                throw new DataTasksException(ex.Code, $"{ex.Message}; see 'dotnet data run --help'", ex);
            }
        }

        // Warnings show when they happen: an --input naming no entry before a long command starts, not after it.
        var warnings = new WarningsAsTheyCome(context);
        var request = new RunRequest(command, name, args.Options("--input"), args.Flag("--strict"), context.WorkingDirectory);
        RunResult result;
        try
        {
            result = await RunOperation.RunAsync(context.Repository, request, warnings, context.Cache, context.Cancellation).ConfigureAwait(false);
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.RunCommandNotStarted)
        {
            context.Fail(ex);
            return RunExitCodes.NotStarted;
        }

        if (context.Json)
        {
            WriteJson(context, result);
        }

        if (!result.Succeeded)
        {
            context.Fail(new DataTasksException(ErrorCodes.RunCommandFailed, result.Cancelled
                ? $"run '{result.Run.Name}' was interrupted; nothing was added"
                : $"run '{result.Run.Name}': the command exited with {result.ExitCode}; nothing was added"));
            return result.ExitCode != 0 ? result.ExitCode : CliApp.ExitCancelled;
        }

        if (!context.Json && !context.Quiet)
        {
            foreach (var r in result.Outputs.Where(r => r.Change != "unchanged"))
            {
                context.Error.WriteLine($"{r.Change,-8} {r.Path} ({SizeFormat.Format(r.Size)}, not pushed)");
            }

            var inputs = result.Inputs.Count == 0 ? "no inputs" : $"{Plural.Count(result.Inputs.Count, "input")} ({string.Join(", ", result.Inputs)})";
            context.Error.WriteLine(result.Outputs.Count == 0
                ? $"run '{result.Run.Name}': the command changed no data file; nothing to add"
                : $"run '{result.Run.Name}': recorded {Plural.Count(result.Outputs.Count, "output")} with {inputs}; run 'dotnet data push' to upload");
        }

        return CliApp.ExitOk;
    }

    private static void WriteJson(CliContext context, RunResult result) => JsonOutput.WriteObject(context, w =>
    {
        w.WriteString("name", result.Run.Name);
        w.WriteString("command", result.Run.Command);
        w.WriteString("start", result.Run.ToJson()["start"]!.GetValue<string>());
        if (result.Run.Commit is null)
        {
            w.WriteNull("commit");
        }
        else
        {
            w.WriteString("commit", result.Run.Commit);
        }

        w.WriteNumber("exit_code", result.ExitCode);
        w.WriteBoolean("cancelled", result.Cancelled);
        JsonOutput.WriteStrings(w, "inputs", result.Inputs);
        JsonOutput.WriteAddedItems(w, "outputs", result.Outputs);
        JsonOutput.WriteStrings(w, "deleted_entries", result.DeletedEntries);
    });

    /// <summary>A warnings collection that prints each warning the moment the operation reports it.</summary>
    private sealed class WarningsAsTheyCome(CliContext context) : Collection<DataTasksException>
    {
        protected override void InsertItem(int index, DataTasksException item)
        {
            context.Warn(item);
            base.InsertItem(index, item);
        }
    }
}

/// <summary>The exit codes run adds to the command's own.</summary>
internal static class RunExitCodes
{
    /// <summary>The command could not be started (as shells report it).</summary>
    public const int NotStarted = 127;
}
