using DataTasks.Core;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Evaluation.Context;
using Microsoft.Build.Exceptions;

namespace DataTasks.Tasks;

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
            throw new DataTasksException(ErrorCodes.GlobEvaluationFailed,
                $"MSBuild could not re-evaluate {projectFile} to expand its DataArtifact globs ({ex.BaseMessage}); the data would be missing from the build, so it stops here");
        }
        finally
        {
            collection.UnloadAllProjects();
        }
    }
}
