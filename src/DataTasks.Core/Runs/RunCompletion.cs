using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Runs;

/// <summary>
/// The one rule for recording a run's outputs, shared by <c>dotnet data run</c> and the runtime's
/// <c>DataArtifactRun.CompleteAsync</c>: each output is added (hashed, storage_key null, nothing pushed) with
/// <c>inputs</c> set to exactly the run's inputs (a re-run replaces the inputs an earlier run recorded; an output is
/// never its own input) and <c>metadata.run</c> set to the <see cref="RunInfo"/>. Every other field of an existing
/// entry (description, tags, other metadata) is kept.
/// </summary>
public static class RunCompletion
{
    /// <summary>
    /// Adds <paramref name="outputs"/> (repository paths of files) in one manifest update. Inputs that name no entry
    /// are DT0143 warnings, or with <paramref name="strict"/> an error before anything is written; outputs that cannot
    /// be entries (a symbolic link, a bad name) are DT0411 warnings and are left out.
    /// </summary>
    public static async Task<IReadOnlyList<AddedItem>> CompleteAsync(DataRepository repository, RunInfo run, IReadOnlyCollection<string> outputs, IEnumerable<string> inputs,
        bool strict, ICollection<DataTasksException>? warnings, MachineCache? cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(run);
        if (outputs.Count == 0)
        {
            return [];
        }

        var outputSet = new HashSet<string>(outputs, StringComparer.Ordinal);
        var annotation = new EntryAnnotation
        {
            Clear = new HashSet<string>(StringComparer.Ordinal) { "inputs" },
            AddInputs = [.. EntryInputReference.Normalize(inputs).Where(i => !outputSet.Contains(i))],
            SetMetadata = [new(RunInfo.MetadataKey, run.ToJson())],
        };

        var skipped = new List<SkippedFile>();
        var added = await AddOperation.RunAsync(repository, [.. outputSet.Order(StringComparer.Ordinal)], all: false, cancellationToken, skipped, cache, warnings, annotation, strict).ConfigureAwait(false);
        foreach (var file in skipped)
        {
            warnings?.Add(new DataTasksException(ErrorCodes.FileSkipped, file.Message));
        }

        return added;
    }
}
