using System.Text;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Runs;

/// <summary>
/// The file a run's programs append the entries they resolve to: one input reference a line (<c>data/raw.csv</c>, or
/// <c>namespace:path</c>), appended and flushed per line so concurrent processes never interleave within a line. The
/// run creates it under <c>.datatasks/state/runs/&lt;id&gt;.inputs</c>, names it in
/// <see cref="EnvironmentVariable"/> for the command, reads it when the command exits and deletes it.
/// </summary>
public static class RunInputRecord
{
    /// <summary>The variable naming the record file to a program started by <c>dotnet data run</c>.</summary>
    public const string EnvironmentVariable = "DATATASKS_RUN_RECORD";

    /// <summary>Creates an empty record file for a new run and returns its full path.</summary>
    public static string Create(DataRepository repository)
    {
        var folder = Path.Join(repository.EnsureStateDirectory(), "runs");
        Directory.CreateDirectory(folder);
        var id = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];
        var file = Path.Join(folder, id + ".inputs");
        using (new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        return file;
    }

    /// <summary>Appends one reference as a line and flushes it to the file; throws the I/O error when it cannot.</summary>
    public static void Append(string file, string reference)
    {
        var line = Encoding.UTF8.GetBytes(reference + "\n");
        // One write of the whole line in append mode: concurrent writers' lines never mix.
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        stream.Write(line);
        stream.Flush(flushToDisk: false);
    }

    /// <summary>
    /// The distinct references in the record, in first-seen order. A line that is no valid input reference (a damaged
    /// or foreign file) is a DT1124 warning and is left out; a record that is gone reads as empty.
    /// </summary>
    public static IReadOnlyList<string> Read(string file, ICollection<DataTasksException>? warnings)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var raw in File.ReadAllLines(file, Encoding.UTF8))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (EntryInputReference.TryParse(line, out var reason) is not { } reference)
            {
                warnings?.Add(new DataTasksException(ErrorCodes.RunRecordLineInvalid, $"the run record {file} has a line that is no entry reference ('{EntryPath.Printable(line)}': {reason}); it is not recorded as an input"));
                continue;
            }

            if (seen.Add(reference.ToString()))
            {
                result.Add(reference.ToString());
            }
        }

        return result;
    }

    /// <summary>Deletes the record; a record already gone is fine.</summary>
    public static void Delete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Left behind in the gitignored state folder: harmless, and the next run uses a new name.
        }
    }
}
