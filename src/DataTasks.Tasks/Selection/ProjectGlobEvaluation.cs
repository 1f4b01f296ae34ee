using DataTasks.Core;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Evaluation.Context;
using Microsoft.Build.Exceptions;

namespace DataTasks.Tasks.Selection;

/// <summary>
/// Re-evaluates the project in-process with MSBuild's own evaluation API to recover the &lt;DataArtifact&gt; globs
/// evaluation dropped because no file matched them yet. <see cref="ProjectFileReader"/> reads globs back from the XML,
/// which is only faithful for a literal, unconditional Include; a glob built from properties
/// (<c>$(MSBuildThisFileDirectory)data/*.onnx</c>, <c>$(ModelDir)/*.onnx</c>) or under a Condition needs MSBuild to
/// expand the properties and decide the conditions. <see cref="Project.GetAllGlobs(string)"/> returns exactly that: the
/// glob strings with properties expanded, of the item elements whose conditions held, whether or not a file matches.
/// It runs on a cold selection cache only (the task itself never runs on a no-op build).
/// </summary>
internal static class ProjectGlobEvaluation
{
    private const string ItemName = "DataArtifact";

    /// <summary>
    /// Evaluates <paramref name="projectFile"/> with the build's global properties and tools version, in a private
    /// project collection, and returns its DataArtifact globs. Throws <see cref="DataTasksException"/> (DT0606) when
    /// the project cannot be evaluated.
    /// </summary>
    /// <param name="projectFile">The project being built.</param>
    /// <param name="globalProperties">The build's global properties (Configuration, TargetFramework of an inner build…).</param>
    /// <param name="toolsVersion">$(MSBuildToolsVersion), or null for the default.</param>
    /// <param name="filesRead">Receives every file the evaluation imported.</param>
    public static IReadOnlyList<EvaluatedGlob> Evaluate(string projectFile, IDictionary<string, string> globalProperties, string? toolsVersion, ICollection<string> filesRead)
    {
        try
        {
            return EvaluateWithMSBuild(projectFile, globalProperties, toolsVersion, filesRead);
        }
        catch (Exception ex) when (ex is not DataTasksException and not OperationCanceledException)
        {
            // Anything else (an SDK that does not resolve in-process, an MSBuild without this API) must still be one
            // diagnostic: a stack trace helps nobody, and going on would build without the data.
            throw Failed(projectFile, ex.Message);
        }
    }

    // Not inlined: a missing Microsoft.Build assembly fails when this method is compiled, inside Evaluate's try.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IReadOnlyList<EvaluatedGlob> EvaluateWithMSBuild(string projectFile, IDictionary<string, string> globalProperties, string? toolsVersion, ICollection<string> filesRead)
    {
        using var collection = new ProjectCollection(globalProperties, loggers: null, ToolsetDefinitionLocations.Default);
        try
        {
            var project = Project.FromFile(projectFile, new Microsoft.Build.Definition.ProjectOptions
            {
                ProjectCollection = collection,
                GlobalProperties = globalProperties,
                ToolsVersion = string.IsNullOrEmpty(toolsVersion) ? null : toolsVersion,
                LoadSettings = ProjectLoadSettings.RecordEvaluatedItemElements,
                EvaluationContext = EvaluationContext.Create(EvaluationContext.SharingPolicy.Isolated),
            });

            foreach (var import in project.Imports)
            {
                filesRead.Add(import.ImportedProject.FullPath);
            }

            var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (project.ItemDefinitions.TryGetValue(ItemName, out var definition))
            {
                foreach (var m in definition.Metadata)
                {
                    defaults[m.Name] = m.EvaluatedValue;
                }
            }

            var result = new List<EvaluatedGlob>();
            foreach (var glob in project.GetAllGlobs(ItemName))
            {
                var metadata = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
                foreach (var m in glob.ItemElement.Metadata)
                {
                    metadata[m.Name] = project.ExpandString(m.Value);
                }

                var location = glob.ItemElement.Location;
                result.Add(new EvaluatedGlob(
                    location.File.Length > 0 ? location.File : projectFile,
                    location.Line,
                    glob.IncludeGlobs.ToList(),
                    glob.Excludes.Concat(glob.Removes).ToList(),
                    metadata));
            }

            return result;
        }
        catch (InvalidProjectFileException ex)
        {
            throw Failed(projectFile, ex.BaseMessage);
        }
        finally
        {
            collection.UnloadAllProjects();
        }
    }

    private static DataTasksException Failed(string projectFile, string reason) => new(ErrorCodes.GlobEvaluationFailed,
        $"MSBuild could not re-evaluate {projectFile} to expand its DataArtifact globs that use a property or a Condition ({reason}); the build would miss their data, so it stops here. Write those globs literally, or escape their wildcards as %2A");
}
