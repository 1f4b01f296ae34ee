using System.Text.Json;
using DataTasks.Cli.Check;
using DataTasks.Core;
using DataTasks.Core.Namespaces;

namespace DataTasks.Cli.Commands;

/// <summary>check: dangling and unverified resolver paths in C# sources, and untracked data files.</summary>
internal static class CheckCommand
{
    public static int Run(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        if (args.Positionals("check").Count > 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "check takes no paths: it scans this repository and every export.json namespace");
        }

        var map = ExportMap.Find(context.WorkingDirectory);
        DataRepository? current;
        try
        {
            current = context.Repository;
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.NoRepository && map is not null)
        {
            current = null;
        }

        var (findings, calls, files) = CheckRun.Run(current, map, context.WorkingDirectory, context.Cancellation);
        int Count(CheckKind kind) => findings.Count(f => f.Kind == kind);
        if (context.Json)
        {
            WriteJson(context, findings, calls, files);
        }
        else
        {
            foreach (var f in findings.OrderBy(f => f.Kind).ThenBy(f => f.Where, StringComparer.Ordinal))
            {
                var what = f.Path is null ? string.Empty : (f.Namespace is null ? f.Path : $"{f.Namespace}:{f.Path}") + " ";
                context.Line($"{f.Kind.ToString().ToLowerInvariant(),-10} {f.Where}  {what}({f.Detail})");
            }

            context.Line($"check: {Count(CheckKind.Dangling)} dangling, {Count(CheckKind.Unverified)} unverified, {Count(CheckKind.Untracked)} untracked ({Plural.Count(calls, "resolver call")} in {Plural.Count(files, "C# file")})");
        }

        return Count(CheckKind.Dangling) > 0 ? CliApp.ExitProblems : CliApp.ExitOk;
    }

    private static void WriteJson(CliContext context, List<CheckFinding> findings, int calls, int files) =>
        JsonOutput.WriteObject(context, w =>
        {
            w.WriteNumber("calls", calls);
            w.WriteNumber("files", files);
            foreach (var kind in Enum.GetValues<CheckKind>())
            {
                w.WriteStartArray(JsonNames.Snake(kind));
                foreach (var f in findings.Where(f => f.Kind == kind))
                {
                    w.WriteStartObject();
                    w.WriteString("where", f.Where);
                    w.WriteString("path", f.Path);
                    w.WriteString("namespace", f.Namespace);
                    w.WriteString("detail", f.Detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
        });
}
