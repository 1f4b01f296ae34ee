using System.Runtime.CompilerServices;
using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Remotes;

/// <summary>
/// A remote that is a plain folder (local disk, a network share, a synced drive). Objects sit flat under their key,
/// so the folder can be copied to a bucket with any S3 tool and back.
/// </summary>
public sealed class FolderRemote : DataRemote
{
    /// <summary>Opens the folder remote at <paramref name="directory"/>.</summary>
    public FolderRemote(string directory, string displayName)
    {
        Directory = Path.GetFullPath(directory);
        DisplayName = displayName;
    }

    /// <summary>The absolute folder.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public override string DisplayName { get; }

    /// <inheritdoc />
    public override int MaxConcurrency => 4;

    private string ObjectPath(string key) => Path.Join(Directory, key);

    private void EnsureExists()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DataTasksException(ErrorCodes.RemoteUnavailable, $"remote folder {DisplayName} does not exist; create it or fix \"remote\" in .datatasks/config.json");
        }
    }

    /// <inheritdoc />
    public override Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        EnsureExists();
        return Task.FromResult(File.Exists(ObjectPath(key)));
    }

    /// <inheritdoc />
    public override Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        EnsureExists();
        IReadOnlySet<string> found = keys.Where(k => File.Exists(ObjectPath(k))).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public override Task UploadAsync(string key, string sourceFile, Action<long>? progress, CancellationToken cancellationToken) =>
        WriteAsync(key, sourceFile, progress, replace: false, cancellationToken);

    /// <inheritdoc />
    public override Task ReplaceAsync(string key, string sourceFile, Action<long>? progress, CancellationToken cancellationToken) =>
        WriteAsync(key, sourceFile, progress, replace: true, cancellationToken);

    private async Task WriteAsync(string key, string sourceFile, Action<long>? progress, bool replace, CancellationToken cancellationToken)
    {
        EnsureExists();
        var target = ObjectPath(key);
        if (!replace && File.Exists(target))
        {
            return;
        }

        AtomicFile.CleanStaleTemps(target, TimeSpan.FromMinutes(10));
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            await using (var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous))
            await using (var dest = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                if (source.Length > 0)
                {
                    dest.SetLength(source.Length);
                }

                using var hashing = new HashingStream(dest, progress);
                await HashingStream.CopyAsync(source, hashing, cancellationToken).ConfigureAwait(false);
                await dest.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (dest.Length != hashing.BytesWritten)
                {
                    dest.SetLength(hashing.BytesWritten);
                }

                var actual = hashing.FinishKey();
                if (actual != key)
                {
                    throw new DataTasksException(ErrorCodes.FileChangedDuringRead,
                        $"{sourceFile} changed after it was hashed (now {actual[..8]}…, expected {key[..8]}…); run 'dotnet data add' on it again, then push");
                }
            }

            if (replace)
            {
                File.Move(temp, target, overwrite: true);
            }
            else if (!TryMoveNoOverwrite(temp, target))
            {
                AtomicFile.TryDelete(temp);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AtomicFile.TryDelete(temp);
            throw new DataTasksException(ErrorCodes.TransferFailed, $"cannot write object {key[..8]}… to {DisplayName}: {ex.Message}", ex);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        EnsureExists();
        FileStream source;
        try
        {
            source = new FileStream(ObjectPath(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            throw new DataTasksException(ErrorCodes.RemoteObjectMissing, $"object {key} is not on remote {DisplayName}; run 'dotnet data push --repair <path>' from a clone that has the file");
        }

        await using (source.ConfigureAwait(false))
        {
            await HashingStream.CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task RefreshAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // Only the owner may set times on a read-only object; the content is untouched either way.
            File.SetLastWriteTimeUtc(ObjectPath(key), DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.TransferFailed, $"remote {DisplayName}: cannot mark object {key[..8]}… as in use: {ex.Message}", ex);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<RemoteObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureExists();
        await Task.Yield();
        foreach (var info in new DirectoryInfo(Directory).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ContentKey.IsValid(info.Name))
            {
                yield return new RemoteObject(info.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<RemoteObject> ListLeftoversAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureExists();
        await Task.Yield();
        foreach (var info in new DirectoryInfo(Directory).EnumerateFiles("*" + AtomicFile.TempSuffix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AtomicFile.IsTempName(info.Name))
            {
                // A live upload writes its temp file continuously, so its mtime is when it was last alive.
                yield return new RemoteObject(info.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }
    }

    /// <inheritdoc />
    public override Task DeleteLeftoversAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        EnsureExists();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AtomicFile.IsTempName(name) && Path.GetFileName(name) == name)
            {
                AtomicFile.TryDelete(ObjectPath(name));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        EnsureExists();
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ContentKey.IsValid(key))
            {
                AtomicFile.TryDelete(ObjectPath(key));
            }
        }

        return Task.CompletedTask;
    }

    internal static bool TryMoveNoOverwrite(string temp, string target)
    {
        try
        {
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another writer got there first with the same content-addressed object: that is success.
            return false;
        }
    }
}
