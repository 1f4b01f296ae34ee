using DataTasks.Core.Config;

namespace DataTasks.Core.Remotes;

/// <summary>
/// Turns a remote URL into a <see cref="DataRemote"/>. Folder and s3:// remotes are built in; other kinds register a
/// factory for their scheme.
/// </summary>
public static class RemoteFactory
{
    private static readonly Dictionary<string, Func<Uri, DataTasksConfig, DataRemote>> Schemes = new(StringComparer.OrdinalIgnoreCase)
    {
        // Built in: S3 and every S3-compatible store (R2, MinIO, …). The URL as written names the remote in messages.
        ["s3"] = (uri, config) => S3.S3Remote.Create(uri.OriginalString, config),
    };

    /// <summary>Registers the factory for a URL scheme such as "s3".</summary>
    public static void Register(string scheme, Func<Uri, DataTasksConfig, DataRemote> factory)
    {
        lock (Schemes)
        {
            Schemes[scheme] = factory;
        }
    }

    /// <summary>Creates the remote configured for the repository at <paramref name="root"/>; DT0201 when none is configured.</summary>
    public static DataRemote Create(string root, DataTasksConfig config)
    {
        var url = config.Remote ?? throw new DataTasksException(ErrorCodes.NoRemote,
            $"no remote configured; set \"remote\" in {DataTasksConfig.FileName}, set {DataTasksConfig.RemoteVariable}, or pass --remote");
        return Create(root, url, config);
    }

    /// <summary>Creates a remote from a URL: <c>file:///abs/path</c>, a plain path (relative to the repository root), or a registered scheme.</summary>
    public static DataRemote Create(string root, string url, DataTasksConfig config)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            var dir = Path.IsPathRooted(url) ? url : Path.Join(root, url);
            FolderRemotePlacement.EnsureAllowed(root, dir, url);
            return new FolderRemote(dir, url);
        }

        var scheme = url[..schemeEnd];
        if (scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var fileUri) || !fileUri.IsFile)
            {
                throw new DataTasksException(ErrorCodes.UnsupportedRemote, $"remote '{url}' is not a valid file:// URL; use file:///absolute/path");
            }

            FolderRemotePlacement.EnsureAllowed(root, fileUri.LocalPath, url);
            return new FolderRemote(fileUri.LocalPath, url);
        }

        Func<Uri, DataTasksConfig, DataRemote>? factory;
        lock (Schemes)
        {
            Schemes.TryGetValue(scheme, out factory);
        }

        if (factory is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new DataTasksException(ErrorCodes.UnsupportedRemote,
                $"remote '{RedactUserInfo(url)}' uses scheme '{scheme}', which this build does not support; use a folder path or file:// URL");
        }

        return factory(uri, config);
    }

    private static string RedactUserInfo(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        return at > start ? url[..start] + "***" + url[at..] : url;
    }
}
