using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Runs;

/// <summary>What <c>dotnet data run</c> was asked to do.</summary>
/// <param name="Command">The command and its arguments (at least the command).</param>
/// <param name="Name">The run's name, or null for the command's file name without extension.</param>
/// <param name="Inputs">Inputs to record besides the entries the command resolves (<c>--input</c>).</param>
/// <param name="Strict">Whether an input naming no entry is an error (before the command starts) instead of a warning.</param>
/// <param name="WorkingDirectory">Where the command runs.</param>
public sealed record RunRequest(IReadOnlyList<string> Command, string? Name, IReadOnlyList<string> Inputs, bool Strict, string WorkingDirectory);

/// <summary>What a run did.</summary>
/// <param name="Run">The record written to <c>metadata.run</c>.</param>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Cancelled">Whether this process was interrupted while the command ran (nothing is added then).</param>
/// <param name="Inputs">The inputs recorded: resolved entries first, then <c>--input</c>s.</param>
/// <param name="Outputs">What add did to each created or changed file (empty when the command failed).</param>
/// <param name="DeletedEntries">Entries whose files the command deleted (they stay in the manifest).</param>
public sealed record RunResult(RunInfo Run, int ExitCode, bool Cancelled, IReadOnlyList<string> Inputs, IReadOnlyList<AddedItem> Outputs, IReadOnlyList<string> DeletedEntries)
{
    /// <summary>True when the command exited 0 and was not interrupted, so its outputs were added.</summary>
    public bool Succeeded => ExitCode == 0 && !Cancelled;
}

/// <summary>
/// run: snapshot the data files, run the command with <see cref="RunInputRecord.EnvironmentVariable"/> naming a
/// fresh record file, then (when it exits 0) add every data file it created or changed through
/// <see cref="RunCompletion"/>, with the entries it resolved and the requested inputs as their inputs. Nothing is
/// pushed. A file the command only restored (an entry's recorded content, hydrated by a resolve or pulled) is no output
/// (<see cref="RestoredFiles"/>). A failed or interrupted command adds nothing; an entry whose file it deleted is a
/// DT1123 warning.
/// </summary>
public static class RunOperation
{
    /// <summary>
    /// Runs the request. Bad input (no command DT1120, a bad input reference DT0142, with strict an input naming no
    /// entry DT0143) throws before the command starts; a command that cannot start throws DT1121.
    /// </summary>
    public static async Task<RunResult> RunAsync(DataRepository repository, RunRequest request, ICollection<DataTasksException> warnings, MachineCache? cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Command.Count == 0 || request.Command[0].Length == 0)
        {
            throw new DataTasksException(ErrorCodes.RunUsage, "run needs a command after '--': dotnet data run [--name <name>] [--input <entry>]... -- <command> [<arg>...]");
        }

        var explicitInputs = EntryInputReference.Normalize(request.Inputs);
        var manifest = repository.LoadManifest();
        EntryInputCheck.Run(repository, manifest, [], explicitInputs, request.Strict, warnings);
        var run = await RunInfo.StartAsync(repository, request.Name ?? RunInfo.DefaultName(request.Command[0]), RunInfo.CommandLine(request.Command), cancellationToken).ConfigureAwait(false);

        var before = DataFolderSnapshot.Take(repository, cancellationToken);
        var record = RunInputRecord.Create(repository);
        try
        {
            int exitCode;
            using (var process = RunChildProcess.Start(request.Command, request.WorkingDirectory, new Dictionary<string, string> { [RunInputRecord.EnvironmentVariable] = record }))
            {
                exitCode = await RunChildProcess.WaitAsync(process, cancellationToken).ConfigureAwait(false);
            }

            var resolved = RunInputRecord.Read(record, warnings);
            var inputs = resolved.Concat(explicitInputs).Distinct(StringComparer.Ordinal).ToList();
            var changes = before.Compare(CancellationToken.None);
            foreach (var path in changes.DeletedEntries)
            {
                warnings.Add(new DataTasksException(ErrorCodes.RunDeletedEntry, $"the command deleted {EntryPath.Printable(path)}, an entry of {Manifest.DataManifest.FileName}; the entry is kept ('dotnet data rm' it, or 'dotnet data pull' to get it back)"));
            }

            var cancelled = cancellationToken.IsCancellationRequested;
            if (exitCode != 0 || cancelled)
            {
                return new RunResult(run, exitCode, cancelled, inputs, [], changes.DeletedEntries);
            }

            // Inputs were checked before the command ran; the same warning is not given twice.
            var completion = new List<DataTasksException>();
            var written = RestoredFiles.LeaveOut(repository, changes.Changed, cancellationToken);
            var outputs = await RunCompletion.CompleteAsync(repository, run, written, inputs, request.Strict, completion, cache, cancellationToken).ConfigureAwait(false);
            foreach (var w in completion.Where(w => !warnings.Any(seen => seen.Code == w.Code && seen.Message == w.Message)))
            {
                warnings.Add(w);
            }

            return new RunResult(run, exitCode, false, inputs, outputs, changes.DeletedEntries);
        }
        finally
        {
            RunInputRecord.Delete(record);
        }
    }
}
