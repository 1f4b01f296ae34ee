using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataTasks.Core.History;

namespace DataTasks.Core.Runs;

/// <summary>
/// What a run records in each output's <c>metadata.run</c>: its name, the command line, when it started (ISO-8601 UTC)
/// and the git commit checked out then (null outside git or before the first commit).
/// </summary>
/// <param name="Name">The run's name (default: the command's file name without extension).</param>
/// <param name="Command">The command line as one string, arguments quoted where a shell would need it.</param>
/// <param name="Start">When the run started.</param>
/// <param name="Commit">git HEAD at the start, or null.</param>
public sealed record RunInfo(string Name, string Command, DateTimeOffset Start, string? Commit)
{
    /// <summary>The metadata key the record is stored under.</summary>
    public const string MetadataKey = "run";

    /// <summary>The value of <c>metadata.run</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["command"] = Command,
        ["start"] = Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["commit"] = Commit,
    };

    /// <summary>
    /// A run named <paramref name="name"/> starting now in <paramref name="repository"/>: reads git HEAD (null when
    /// git is missing, the folder is not in a work tree, or nothing is committed yet). An empty name, or one with a
    /// control character, is DT1120.
    /// </summary>
    public static async Task<RunInfo> StartAsync(DataRepository repository, string name, string command, CancellationToken cancellationToken)
    {
        EnsureValidName(name);
        var start = DateTimeOffset.UtcNow;
        return new RunInfo(name, command, start, await HeadAsync(repository.Root, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>DT1120 unless <paramref name="name"/> is non-empty text without control characters.</summary>
    public static void EnsureValidName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
        {
            throw new DataTasksException(ErrorCodes.RunUsage, $"run name '{Manifest.EntryPath.Printable(name)}' is empty or holds a control character; give --name a word such as 'train'");
        }
    }

    /// <summary>The default name: the command's file name without extension (<c>/usr/bin/python3</c> is <c>python3</c>).</summary>
    public static string DefaultName(string command)
    {
        var name = Path.GetFileNameWithoutExtension(command.Replace('\\', '/').Split('/')[^1]);
        return name.Length > 0 ? name : command;
    }

    /// <summary>The command line as one string: each argument as is, or single-quoted when a POSIX shell would split or expand it.</summary>
    public static string CommandLine(IReadOnlyList<string> command)
    {
        var text = new StringBuilder();
        foreach (var arg in command)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            var plain = arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c));
            text.Append(plain ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        }

        return text.ToString();
    }

    private static async Task<string?> HeadAsync(string root, CancellationToken cancellationToken)
    {
        try
        {
            var result = await GitProcess.TryRunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false);
            var head = GitProcess.Text(result.Output).Trim();
            return result.ExitCode == 0 && head.Length > 0 ? head : null;
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.NotAGitRepository)
        {
            // No git on PATH: the run is recorded without a commit.
            return null;
        }
    }
}
