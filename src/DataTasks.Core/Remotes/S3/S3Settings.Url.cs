namespace DataTasks.Core.Remotes.S3;

// The remote URL: s3://bucket/prefix, and its display form without credentials.
public sealed partial record S3Settings
{
    /// <summary>Splits <c>s3://bucket/prefix/path</c>; DT0204 when it has no bucket, credentials, a port, a query or a fragment.</summary>
    internal static (string Bucket, string Prefix) ParseUrl(string url)
    {
        const string scheme = "s3://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"remote '{Redact(url)}' is not an s3:// URL");
        }

        var rest = url[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (bucket.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid($"remote '{Redact(url)}' has credentials in it; remove them and use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or a profile");
        }

        if (bucket.Length is < 3 or > 63 || bucket.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
        {
            throw Invalid($"remote '{url}' does not name a valid bucket; use s3://bucket or s3://bucket/prefix");
        }

        if (prefix.IndexOfAny(['?', '#', '\\']) >= 0 || prefix.Contains("//", StringComparison.Ordinal) ||
            prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            throw Invalid($"remote '{url}' has an invalid prefix; use s3://bucket/folder/subfolder");
        }

        return (bucket, prefix);
    }

    private static string Redact(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        return start >= 0 && at > start ? url[..(start + 3)] + "***" + url[at..] : url;
    }
}
