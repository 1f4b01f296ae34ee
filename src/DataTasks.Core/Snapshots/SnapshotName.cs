using DataTasks.Core.History;

namespace DataTasks.Core.Snapshots;

/// <summary>
/// What a snapshot may be called: whatever git accepts as a tag name after the prefix. git itself decides
/// (<c>git check-ref-format</c>), so the rule cannot drift from the one <c>git tag</c> applies.
/// </summary>
public static class SnapshotName
{
    /// <summary>
    /// Fails with <see cref="ErrorCodes.SnapshotNameInvalid"/> unless <c>refs/tags/&lt;prefix&gt;&lt;name&gt;</c> is a
    /// valid ref; a prefix git refuses on its own (checked with a probe name) is <see cref="ErrorCodes.SnapshotPrefixInvalid"/>.
    /// </summary>
    public static async Task ValidateAsync(string workingDirectory, string prefix, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(name);

        // Checked here first: a leading '-' would be an option to git, and a line break would split git's output.
        if (name.Length == 0 || name[0] == '-' || name.Any(char.IsControl) || !await IsValidTagAsync(workingDirectory, prefix + name, cancellationToken).ConfigureAwait(false))
        {
            if (!await IsValidTagAsync(workingDirectory, prefix + "snapshot", cancellationToken).ConfigureAwait(false))
            {
                throw SnapshotPrefix.Invalid(prefix, "the configuration");
            }

            throw new DataTasksException(ErrorCodes.SnapshotNameInvalid,
                $"'{Manifest.EntryPath.Printable(name)}' is not a valid snapshot name: git refuses '{Manifest.EntryPath.Printable(prefix + name)}' as a tag (no spaces, '~', '^', ':', '?', '*', '[', '\\', '..', '@{{', leading '-' or '.', trailing '/', '.' or '.lock'); try letters, digits, '-', '_', '.' and '/'");
        }
    }

    private static async Task<bool> IsValidTagAsync(string workingDirectory, string tag, CancellationToken cancellationToken)
    {
        if (tag.Any(char.IsControl))
        {
            return false;
        }

        var result = await GitProcess.TryRunAsync(workingDirectory, ["check-ref-format", "refs/tags/" + tag], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }
}
