using DataTasks.Core;
using DataTasks.Core.Manifest;
using DataTasks.Core.Runs;
using DataTasks.Core.Storage;

namespace DataTasks;

/// <summary>
/// A run of a program's own work, recorded as <c>dotnet data run</c> records a command: every entry resolved while the
/// run is current becomes an input of the outputs that <see cref="CompleteAsync"/> adds, and each output gets
/// <c>metadata.run</c> (name, command line, start, git commit). Start one with <see cref="DataArtifacts.BeginRun"/> (or
/// <see cref="DataArtifactResolver.BeginRun"/>) in a <c>using</c>:
/// <code>
/// using DataArtifactRun run = DataArtifacts.BeginRun("train");
/// var data = DataArtifacts.Resolve("data/train.csv");
/// // ... write data/model.bin ...
/// await run.CompleteAsync(["data/model.bin"], cancellationToken);
/// </code>
/// Disposing a run that was not completed records nothing. The run is current in the async context that began it and
/// in everything that context starts (tasks, awaits, threads through <see cref="ExecutionContext"/>), so runs in
/// concurrent tasks record separately. Runs nest: a run begun inside another is current until disposed, and a resolve
/// inside it is an input of both, since the outer run's outputs depend on everything read inside it.
/// Thread-safe; nothing is pushed.
/// </summary>
public sealed class DataArtifactRun : IDisposable
{
    private readonly DataRepository repository;
    private readonly MachineCache cache;
    private readonly Task<RunInfo> started;
    private readonly List<string> inputs = [];
    private readonly object gate = new();
    private int state; // 0 open, 1 completing or completed, 2 disposed

    internal DataArtifactRun(DataRepository repository, MachineCache cache, string name)
    {
        this.repository = repository;
        this.cache = cache;
        Name = name;
        Start = DateTimeOffset.UtcNow;
        // git HEAD is read now, while the checkout is the one the run starts from, without blocking the caller.
        started = RunInfo.StartAsync(repository, name, RunInfo.CommandLine(Environment.GetCommandLineArgs()), CancellationToken.None);
        Parent = RunInputRecording.Current.Value;
        RunInputRecording.Current.Value = this;
    }

    /// <summary>The run's name, recorded in <c>metadata.run.name</c>.</summary>
    public string Name { get; }

    /// <summary>When the run began (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The repository root whose manifest the outputs are added to.</summary>
    public string RepositoryRoot => repository.Root;

    /// <summary>The inputs recorded so far, in the order first seen: entry paths, or <c>namespace:path</c>.</summary>
    public IReadOnlyList<string> Inputs
    {
        get
        {
            lock (gate)
            {
                return [.. inputs];
            }
        }
    }

    /// <summary>The run this one was begun inside, or null.</summary>
    internal DataArtifactRun? Parent { get; }

    /// <summary>
    /// Records an input the program read without resolving it (an entry path of the run's repository, or
    /// <c>namespace:path</c>). <see cref="ArgumentException"/> when it is no valid entry reference.
    /// </summary>
    public void AddInput(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (EntryInputReference.TryParse(reference.Replace('\\', '/'), out var reason) is not { } parsed)
        {
            throw new ArgumentException($"'{reference}' is not an entry reference: {reason}", nameof(reference));
        }

        RecordInput(parsed.ToString());
    }

    /// <summary>
    /// Adds <paramref name="outputs"/> (entry paths such as <c>data/model.bin</c>, relative to
    /// <see cref="RepositoryRoot"/>, or absolute paths inside it) to artifacts.json in one update, each with the run's
    /// inputs as its <c>inputs</c> and <c>metadata.run</c>, exactly as <c>dotnet data run</c> does. An input naming no
    /// entry, or an output that cannot be an entry (a symbolic link), is a warning on standard error. Nothing is pushed.
    /// </summary>
    /// <exception cref="DataArtifactRunException">The outputs could not be recorded (DT0809); nothing was recorded.</exception>
    /// <exception cref="InvalidOperationException">The run was already completed.</exception>
    /// <exception cref="ObjectDisposedException">The run was disposed.</exception>
    public async Task CompleteAsync(IEnumerable<string> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var previous = Interlocked.CompareExchange(ref state, 1, 0);
        ObjectDisposedException.ThrowIf(previous == 2, this);
        if (previous == 1)
        {
            throw new InvalidOperationException($"run '{Name}' was already completed");
        }

        var warnings = new List<DataTasksException>();
        try
        {
            var paths = outputs.Select(o => repository.ToRepositoryPath(o.Replace('\\', '/'), repository.Root)).ToList();
            var run = await started.ConfigureAwait(false);
            await RunCompletion.CompleteAsync(repository, run, paths, Inputs, strict: false, warnings, cache, cancellationToken).ConfigureAwait(false);
        }
        catch (DataTasksException ex)
        {
            throw DataArtifactRunException.From(Name, ex);
        }
        finally
        {
            Leave();
        }

        foreach (var w in warnings)
        {
            Console.Error.WriteLine($"warning {w.Code}: {SecretRedactor.Redact(w.Message)}");
        }
    }

    /// <summary>Ends the run; when <see cref="CompleteAsync"/> did not complete it, nothing is recorded.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref state, 2);
        Leave();
    }

    internal void RecordInput(string reference)
    {
        if (Volatile.Read(ref state) != 0)
        {
            return;
        }

        lock (gate)
        {
            if (!inputs.Contains(reference, StringComparer.Ordinal))
            {
                inputs.Add(reference);
            }
        }
    }

    /// <summary>Stops being the current run, when this context still has it as current.</summary>
    private void Leave()
    {
        if (ReferenceEquals(RunInputRecording.Current.Value, this))
        {
            RunInputRecording.Current.Value = Parent;
        }
    }
}
