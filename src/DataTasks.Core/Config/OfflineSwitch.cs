using DataTasks.Core.Remotes;

namespace DataTasks.Core.Config;

/// <summary>
/// The one offline switch: DATATASKS_OFFLINE=1 (or true) keeps the CLI, the build and the runtime off the network.
/// Whatever is on disk or in the machine cache still works; what needs the remote fails with DT0801, and push, which
/// is the remote, with DT0607. The build spells it $(DataTasksOffline), which defaults from the variable.
/// </summary>
public static class OfflineSwitch
{
    /// <summary>The environment variable that turns network access off.</summary>
    public const string Variable = "DATATASKS_OFFLINE";

    /// <summary>How the switch is named in messages of the CLI and the runtime.</summary>
    public const string VariableSpelling = Variable + "=1";

    /// <summary>True when <see cref="Variable"/> is 1 or true (any case) in <paramref name="environment"/>.</summary>
    /// <param name="environment">Where the variable is read; the process environment when null.</param>
    public static bool IsOn(EnvironmentVariables? environment = null) =>
        (environment ?? EnvironmentVariables.Process).Get(Variable)?.Trim() is { } value
        && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// DT0801: an object (or a question only the remote can answer) is needed and network access is off. Thrown when a
    /// remote would be opened, so a command whose objects are all in the machine cache never sees it.
    /// </summary>
    /// <param name="spelling">How the user turned it on: <see cref="VariableSpelling"/>, or "DataTasksOffline is true".</param>
    /// <param name="cacheDirectory">The machine cache that was searched, for the message; null when none was.</param>
    public static DataTasksException RemoteNeeded(string spelling, string? cacheDirectory)
    {
        var where = cacheDirectory is null ? "on disk" : $"on disk or in the machine cache at {cacheDirectory}";
        return new DataTasksException(ErrorCodes.OfflineMissing,
            $"network access is off ({spelling}) and this needs the remote: what it asks for is not {where}; run it again while online (or 'dotnet data pull' first)");
    }

    /// <summary>DT0607: push uploads to the remote, so it cannot run offline.</summary>
    /// <param name="spelling">How the user turned it on: <see cref="VariableSpelling"/>, or "DataTasksOffline is true".</param>
    public static DataTasksException PushNeedsRemote(string spelling) => new(ErrorCodes.OfflinePushNeedsRemote,
        $"network access is off ({spelling}), and pushing needs the remote; turn it off to push");

    /// <summary>An opener that never opens: it throws <see cref="RemoteNeeded"/> when called.</summary>
    /// <param name="spelling">How the user turned it on.</param>
    /// <param name="cacheDirectory">The machine cache, for the message.</param>
    public static Func<DataRemote> NoRemote(string spelling, string? cacheDirectory) => () => throw RemoteNeeded(spelling, cacheDirectory);
}
