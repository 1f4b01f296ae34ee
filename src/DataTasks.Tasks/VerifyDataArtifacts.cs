using DataTasks.Core;
using DataTasks.Core.Operations;
using DataTasks.Core.Text;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>
/// Re-hashes every selected file (ignoring the stat cache) and fails on any mismatch (DT0303) or missing file
/// (DT0605): the CI check that what the build ships is exactly what artifacts.json names.
/// </summary>
public sealed class VerifyDataArtifacts : SelectedFilesTask
{
    /// <inheritdoc />
    protected override void Run()
    {
        var checkedFiles = new List<VerifyItem>();
        foreach (var selected in Repositories(OpenOwnRepository()))
        {
            var repository = selected.Repository;
            ManifestPathForErrors = repository.ManifestFile;
            var items = VerifyOperation.Run(repository, PathScope.Of(selected.EntryPaths), CancellationToken);
            foreach (var i in items)
            {
                var file = repository.FullPathOf(i.Path);
                if (!i.Present)
                {
                    LogError(ErrorCodes.ArtifactNotHydrated, $"{selected.Describe(i.Path)} is not on disk; build with DataTasksHydrateOnBuild=true or run 'dotnet data pull'", file);
                }
                else if (!i.Ok)
                {
                    LogError(ErrorCodes.VerifyMismatch, $"{selected.Describe(i.Path)} does not match {Core.Manifest.DataManifest.FileName} (disk {i.ActualKey?[..8]}…, manifest {i.ExpectedKey?[..8]}…); 'dotnet data add' it if the change is wanted, or delete it and build again", file);
                }
            }

            checkedFiles.AddRange(items);
        }

        var present = checkedFiles.Where(i => i.Present).ToList();
        Log.LogMessage(MessageImportance.High,
            $"DataTasks: {Label}: verified {Plural.Count(present.Count, "file")} ({Core.SizeFormat.Format(present.Sum(i => i.Size))}): {present.Count(i => !i.Ok)} mismatched, {checkedFiles.Count - present.Count} not on disk");
    }
}
