using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>fetch: the objects of the working manifest, of named revisions or of every ref, into the machine cache only.</summary>
internal static class FetchCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var allRefs = args.Flag("--all-refs");
        context.Json = args.Flag("--json");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var revisions = args.Positionals("fetch");
        var repository = context.Repository;
        var ct = context.Cancellation;
        var entries = new List<ManifestEntry>();
        if (revisions.Count == 0 && !allRefs)
        {
            entries.AddRange(repository.LoadManifest().Entries);
        }
        else
        {
            var history = await GitHistory.OpenAsync(repository, ct).ConfigureAwait(false);
            var commits = new List<(string Sha, string Name)>();
            foreach (var revision in revisions)
            {
                commits.Add((await history.ResolveCommitAsync(revision, ct).ConfigureAwait(false), revision));
            }

            if (allRefs)
            {
                // Branches, tags and remote-tracking branches: what a later checkout or switch may need.
                var output = await GitProcess.RunAsync(history.TopLevel, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags", "refs/remotes"], ct).ConfigureAwait(false);
                foreach (var line in GitProcess.Text(output).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var space = line.IndexOf(' ', StringComparison.Ordinal);
                    commits.Add((line[..space], line[(space + 1)..]));
                }
            }

            foreach (var (sha, name) in commits.DistinctBy(c => c.Sha))
            {
                entries.AddRange((await history.ReadManifestAtAsync(sha, name, ct).ConfigureAwait(false)).Entries);
            }
        }

        var report = await FetchOperation.RunAsync(entries, context.OpenRemote, context.Cache, jobs, null, ct).ConfigureAwait(false);
        foreach (var warning in report.Warnings)
        {
            context.Warn(warning);
        }

        foreach (var (path, error) in report.Failures)
        {
            context.Fail(new DataTasksException(error.Code, $"{path}: {error.Message}"));
        }

        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteNumber("fetched", report.Fetched);
                w.WriteNumber("fetched_bytes", report.FetchedBytes);
                w.WriteNumber("already_cached", report.AlreadyCached);
                w.WriteStartArray("failures");
                foreach (var (path, error) in report.Failures)
                {
                    w.WriteStartObject();
                    w.WriteString("path", path);
                    w.WriteString("error", JsonOutput.Error(error));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else if (!context.Quiet)
        {
            context.Out.WriteLine($"fetched {Plural.Count(report.Fetched, "object")} ({SizeFormat.Format(report.FetchedBytes)}) into the machine cache; {report.AlreadyCached} already there" +
                (report.Failures.Count > 0 ? $"; {report.Failures.Count} failed" : string.Empty));
        }

        return report.Failures.Count > 0 ? CliApp.ExitProblems : CliApp.ExitOk;
    }
}
