using System.Text.RegularExpressions;

namespace DataTasks.Core.Operations;

/// <summary>
/// The failed paths of a push or pull that share one error: an unreachable remote, a refused secret or a vanished
/// folder is one line with a count, not one line per file. Errors are the same when their code and message are, once
/// the object a message starts with ("object 1a2b3c4d…: ") is set aside; errors that name their object elsewhere (a
/// missing or corrupt object) stay one line each.
/// </summary>
/// <param name="Error">The error of the first path of the group.</param>
/// <param name="Summary">The shared message: <see cref="Error"/>'s, without the object it names when the group has several.</param>
/// <param name="Items">The paths that failed with it, in path order.</param>
public sealed partial record TransferFailureGroup(DataTasksException Error, string Summary, IReadOnlyList<TransferItem> Items)
{
    /// <summary>The error code shared by the group.</summary>
    public string Code => Error.Code;

    /// <summary>
    /// The one-line message: the error's own for a single path; for several, the shared message and how many files
    /// were not <paramref name="done"/> ("pulled", "pushed", "hydrated").
    /// </summary>
    public string Describe(string done) => Items.Count == 1 ? Error.Message : $"{Summary} — {Items.Count} files not {done}";

    /// <summary>Groups the failed items of <paramref name="items"/> by error, in order of each group's first path.</summary>
    public static IReadOnlyList<TransferFailureGroup> Of(IEnumerable<TransferItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var order = new List<(string Code, string Summary)>();
        var byKey = new Dictionary<(string Code, string Summary), List<TransferItem>>();
        var first = new Dictionary<(string Code, string Summary), DataTasksException>();
        foreach (var item in items.Where(i => i.Outcome == TransferOutcome.Failed).OrderBy(i => i.Path, StringComparer.Ordinal))
        {
            var error = item.Error ?? new DataTasksException(ErrorCodes.TransferFailed, $"{item.Path}: transfer failed");
            var key = (error.Code, ObjectPrefix().Replace(error.Message, string.Empty, 1));
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
                first[key] = error;
                order.Add(key);
            }

            list.Add(item);
        }

        return [.. order.Select(key => new TransferFailureGroup(first[key], byKey[key].Count == 1 ? first[key].Message : key.Summary, byKey[key]))];
    }

    [GeneratedRegex(@"^object [0-9a-f]{4,64}…: ")]
    private static partial Regex ObjectPrefix();
}
