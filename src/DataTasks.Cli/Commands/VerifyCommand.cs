using System.Text.Json;
using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>verify: re-hash local files and compare them with the manifest; exit 1 on any mismatch.</summary>
internal static class VerifyCommand
{
    public static int Run(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        var paths = args.Positionals("verify");
        var repoPaths = context.RepositoryPaths(paths);
        var manifest = context.Repository.LoadManifest();
        foreach (var p in repoPaths)
        {
            var one = PathScope.Of([p]);
            if (!manifest.Entries.Any(e => one.Contains(e.Path)))
            {
                throw new DataTasksException(ErrorCodes.PathNotFound, $"'{p}' is not in {Core.Manifest.DataManifest.FileName}");
            }
        }

        var items = VerifyOperation.Run(context.Repository, PathScope.Of(repoPaths), context.Cancellation);
        var bad = items.Where(i => !i.Ok).ToList();
        var present = items.Where(i => i.Present).ToList();
        var missing = items.Count - present.Count;
        if (context.Json)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("verified", present.Count);
                w.WriteNumber("mismatched", bad.Count);
                w.WriteNumber("missing", missing);
                w.WriteStartArray("entries");
                foreach (var i in items)
                {
                    w.WriteStartObject();
                    w.WriteString("path", i.Path);
                    w.WriteString("result", !i.Present ? "missing" : i.Ok ? "ok" : "mismatch");
                    w.WriteString("expected_key", i.ExpectedKey);
                    w.WriteString("actual_key", i.ActualKey);
                    w.WriteNumber("size", i.Size);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            foreach (var i in bad)
            {
                context.Out.WriteLine($"mismatch {i.Path} (disk {StatusCommand.Short(i.ActualKey)} ≠ manifest {StatusCommand.Short(i.ExpectedKey)})");
            }

            if (!context.Quiet)
            {
                context.Out.WriteLine($"verified {present.Count} files ({SizeFormat.Format(present.Sum(i => i.Size))}): {bad.Count} mismatched, {missing} not on disk");
            }
        }

        if (bad.Count > 0)
        {
            context.Fail(new DataTasksException(ErrorCodes.VerifyMismatch,
                $"{bad.Count} file{(bad.Count == 1 ? "" : "s")} do not match the manifest; 'dotnet data add' the ones you changed on purpose, delete the others and pull"));
            return CliApp.ExitProblems;
        }

        return CliApp.ExitOk;
    }
}
