using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>rm: remove entries from artifacts.json; remote objects are immutable and never deleted.</summary>
internal static class RemoveCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        // --cached is the plan's spelling for "keep the file", which is also the default.
        args.Flag("--cached");
        var delete = args.Flag("--delete");
        var paths = args.Positionals("rm");
        if (paths.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "rm needs at least one path");
        }

        var removed = await RemoveOperation.RunAsync(context.Repository, context.RepositoryPaths(paths), delete, context.Cancellation).ConfigureAwait(false);
        if (!context.Quiet)
        {
            foreach (var p in removed)
            {
                context.Line($"removed  {p}{(delete ? " (file deleted)" : string.Empty)}");
            }
        }

        return CliApp.ExitOk;
    }
}
