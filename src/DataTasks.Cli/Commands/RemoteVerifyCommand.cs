using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>verify --remote: download and hash every remote object the entries in scope reference; exit 1 on any bad one.</summary>
internal static class RemoteVerifyCommand
{
    public static async Task<int> RunAsync(CliContext context, PathScope scope, int jobs)
    {
        await using var remote = context.OpenRemote();
        var checks = await RemoteVerifyOperation.RunAsync(context.Repository, remote, scope, jobs, context.Cancellation).ConfigureAwait(false);
        foreach (var c in checks)
        {
            var first = c.Paths[0];
            var others = c.Paths.Count > 1 ? $" (and {c.Paths.Count - 1} more paths)" : string.Empty;
            switch (c.State)
            {
                case RemoteObjectState.Corrupt:
                    context.Fail(new DataTasksException(ErrorCodes.ObjectCorrupt,
                        $"object {c.Key[..8]}… of {first}{others} on remote {remote.DisplayName} is corrupt (content hash {c.ActualKey![..8]}…, {c.Length} bytes); run 'dotnet data push --repair {first}' from a clone that has the file"));
                    break;
                case RemoteObjectState.Missing:
                    context.Fail(new DataTasksException(ErrorCodes.RemoteObjectMissing,
                        $"object {c.Key[..8]}… of {first}{others} is not on remote {remote.DisplayName}; run 'dotnet data push --repair {first}' from a clone that has the file"));
                    break;
                case RemoteObjectState.Unreadable:
                    context.Fail(new DataTasksException(c.Error!.Code, $"{first}{others}: {c.Error.Message}"));
                    break;
            }
        }

        var bad = checks.Count(c => c.State != RemoteObjectState.Intact);
        if (context.Json)
        {
            WriteJson(context, remote.DisplayName, checks);
        }
        else if (!context.Quiet)
        {
            context.Out.WriteLine(
                $"verified {checks.Count} remote object{(checks.Count == 1 ? "" : "s")} on {remote.DisplayName}: " +
                $"{checks.Count(c => c.State == RemoteObjectState.Corrupt)} corrupt, {checks.Count(c => c.State == RemoteObjectState.Missing)} missing, " +
                $"{checks.Count(c => c.State == RemoteObjectState.Unreadable)} unreadable");
        }

        return bad > 0 ? CliApp.ExitProblems : CliApp.ExitOk;
    }

    private static void WriteJson(CliContext context, string remote, IReadOnlyList<RemoteObjectCheck> checks) =>
        JsonOutput.WriteObject(context, w =>
        {
            w.WriteString("remote", remote);
            w.WriteNumber("verified", checks.Count);
            foreach (var state in new[] { RemoteObjectState.Corrupt, RemoteObjectState.Missing, RemoteObjectState.Unreadable })
            {
                w.WriteNumber(JsonNames.Snake(state), checks.Count(c => c.State == state));
            }

            w.WriteStartArray("objects");
            foreach (var c in checks)
            {
                w.WriteStartObject();
                w.WriteString("storage_key", c.Key);
                w.WriteString("state", JsonNames.Snake(c.State));
                JsonOutput.WriteStrings(w, "paths", c.Paths);
                w.WriteString("actual_key", c.ActualKey);
                w.WriteNumber("size", c.Length);
                if (c.Error is not null)
                {
                    w.WriteString("error", JsonOutput.Error(c.Error));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
}
