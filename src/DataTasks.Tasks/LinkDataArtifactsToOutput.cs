using DataTasks.Core.Storage;
using Microsoft.Build.Framework;

namespace DataTasks.Tasks;

/// <summary>
/// Puts the data files that the link modes made links into the machine cache (read-only) into the output folder as
/// hard links too, instead of MSBuild's copy (OutputLink has the rules). Only DataTasks' own files reach it: the target
/// passes the items of @(DataTasksFile) that are read-only or symbolic links, so the project's other files, and data
/// files that are private copies, keep MSBuild's Copy.
/// </summary>
public sealed class LinkDataArtifactsToOutput : DataTaskBase
{
    /// <summary>The files, each with TargetPath (the path under the output folder).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>The output folder ($(OutDir)).</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Every output file placed, linked or not, for FileWrites (so clean removes them).</summary>
    [Output]
    public ITaskItem[] DestinationFiles { get; private set; } = [];

    /// <inheritdoc />
    protected override void Run()
    {
        var written = new List<ITaskItem>();
        int linked = 0, copied = 0;
        foreach (var file in Files)
        {
            CancellationToken.ThrowIfCancellationRequested();
            var destination = Path.GetFullPath(Path.Join(OutputDirectory, file.GetMetadata("TargetPath")));
            var result = OutputLink.Place(file.GetMetadata("FullPath"), destination);
            linked += result == OutputLinkResult.Linked ? 1 : 0;
            copied += result == OutputLinkResult.Copied ? 1 : 0;
            written.Add(new Microsoft.Build.Utilities.TaskItem(destination));
        }

        DestinationFiles = [.. written];
        if (linked + copied > 0)
        {
            Log.LogMessage(MessageImportance.Normal, $"DataTasks: {Label}: {linked} data file(s) hard-linked into {OutputDirectory}, {copied} copied (another file system)");
        }
    }
}
