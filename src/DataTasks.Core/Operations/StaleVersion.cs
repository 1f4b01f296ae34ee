namespace DataTasks.Core.Operations;

/// <summary>The one message for a stale file that add or push leaves out, so both say the same thing.</summary>
public static class StaleVersion
{
    /// <summary>Warning DT0321 for <paramref name="path"/>, which was not <paramref name="verb"/> because it is stale.</summary>
    public static DataTasksException NotRecorded(string path, string verb) =>
        new(ErrorCodes.StaleNotRecorded,
            $"{path} was not {verb}: it holds an earlier or another branch's version (stale, not an edit), so recording it would take this branch back to that version; " +
            $"run 'dotnet data pull' to update it, or 'dotnet data add {path}' to record that version on purpose");
}
