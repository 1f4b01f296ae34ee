using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

/// <summary>What an S3 call was doing when it failed; chooses the code for network failures.</summary>
internal enum S3Activity
{
    /// <summary>HEAD, list, delete: a failure means the remote is unreachable (DT0203).</summary>
    Probe,

    /// <summary>An upload: a failure means the transfer failed (DT0302).</summary>
    Upload,

    /// <summary>A download: a failure means the transfer failed (DT0302); a missing object is DT0205.</summary>
    Download,
}

/// <summary>
/// Turns SDK and network exceptions into one-line <see cref="DataTasksException"/>s that name the remote by its URL.
/// SDK messages are cut to one line and scrubbed of anything that looks like a credential or a signature, so nothing
/// secret reaches the console even when a store echoes request details back.
/// </summary>
internal static partial class S3Errors
{
    private static readonly HashSet<string> AccessErrorCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
        "AccountProblem", "AllAccessDisabled", "InvalidSecurity", "InvalidClientTokenId", "UnrecognizedClientException",
        "MissingSecurityHeader", "AuthorizationHeaderMalformed", "Unauthorized", "Forbidden",
    };

    /// <summary>True for exceptions worth resuming a download after: the connection broke, stalled or the store failed transiently.</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException or HttpRequestException or SocketException or TimeoutException => true,
        AmazonServiceException s => s.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || (int)s.StatusCode == 0 || s.InnerException is IOException or HttpRequestException or SocketException,
        AmazonClientException c => c.InnerException is IOException or HttpRequestException or SocketException,
        _ => false,
    };

    /// <summary>The DataTasks error for <paramref name="ex"/>, raised while <paramref name="activity"/> on object <paramref name="storageKey"/>.</summary>
    public static DataTasksException Map(Exception ex, S3Settings settings, S3Activity activity, string? storageKey = null)
    {
        if (ex is DataTasksException dt)
        {
            return dt;
        }

        var url = settings.Url;
        var what = storageKey is null ? string.Empty : $"object {storageKey[..Math.Min(8, storageKey.Length)]}…: ";
        if (IsAccessProblem(ex))
        {
            return AccessDenied(settings, ex);
        }

        if (ProtocolRefusal(ex, settings, activity, what) is { } refused)
        {
            return refused;
        }

        if (ex is AmazonClientException && ex.Message.Contains("RegionEndpoint", StringComparison.Ordinal))
        {
            return new DataTasksException(ErrorCodes.ConfigInvalid,
                $"remote {url}: no AWS region configured; set \"s3\": {{\"region\": …}} in .datatasks/config.json or AWS_REGION", ex);
        }

        if (ex is AmazonS3Exception s3)
        {
            if (string.Equals(s3.ErrorCode, "NoSuchBucket", StringComparison.OrdinalIgnoreCase))
            {
                return new DataTasksException(ErrorCodes.RemoteUnavailable,
                    $"bucket '{settings.Bucket}' of remote {url} does not exist{Where(settings)}; create it or fix \"remote\" in .datatasks/config.json", ex);
            }

            if (activity == S3Activity.Download && (s3.StatusCode == HttpStatusCode.NotFound || string.Equals(s3.ErrorCode, "NoSuchKey", StringComparison.OrdinalIgnoreCase)))
            {
                return new DataTasksException(ErrorCodes.RemoteObjectMissing,
                    $"object {storageKey} is not on remote {url}; push it from a clone that has the file", ex);
            }

            if (!IsTransient(ex, CancellationToken.None))
            {
                // The store refused the request for a reason of its own (EntityTooSmall, InvalidArgument, NotImplemented…).
                return new DataTasksException(activity == S3Activity.Probe ? ErrorCodes.RemoteUnavailable : ErrorCodes.TransferFailed,
                    $"{what}remote {url} refused the request: {Describe(s3)}", ex);
            }
        }

        var failure = ex is OperationCanceledException ? "timed out" : $"failed after retries ({Describe(ex)})";
        return activity == S3Activity.Probe || IsConnectFailure(ex)
            ? new DataTasksException(ErrorCodes.RemoteUnavailable, $"remote {url} cannot be reached{Where(settings)}: {failure}; check the network and \"s3.endpoint\", then run the command again", ex)
            : new DataTasksException(ErrorCodes.TransferFailed, $"{what}transfer to or from remote {url} {failure}; run the command again, it resumes where it stopped", ex);
    }

    /// <summary>DT0206, naming where credentials come from but never what they are.</summary>
    public static DataTasksException AccessDenied(S3Settings settings, Exception? inner)
    {
        var source = settings.Profile is not null
            ? $"profile '{settings.Profile}' in ~/.aws/credentials or ~/.aws/config"
            : "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE or \"s3.profile\"";
        var detail = inner switch
        {
            AmazonServiceException s => $" ({Describe(s)})",
            AmazonClientException => " (no usable credentials found)",
            _ => string.Empty,
        };
        return new DataTasksException(ErrorCodes.RemoteAccessDenied,
            $"access denied by remote {settings.Url}{detail}: check credentials ({source}) and that they may read and write bucket '{settings.Bucket}'", inner);
    }

    /// <summary>True when no connection could be made at all (refused, unknown host, unreachable network, TLS handshake): the remote is down, not the transfer.</summary>
    public static bool IsConnectFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData })
            {
                return true;
            }

            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAccessProblem(Exception ex) => ex switch
    {
        AmazonServiceException s => s.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized ||
                                    (s.ErrorCode is { } code && AccessErrorCodes.Contains(code)),

        // The SDK reports a credential chain that found nothing (or a profile that does not exist) as a client exception.
        AmazonClientException c => c.Message.Contains("credential", StringComparison.OrdinalIgnoreCase) ||
                                   c.Message.Contains("profile", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string Where(S3Settings settings) => settings.Endpoint is null ? string.Empty : $" at {settings.Endpoint}";

    /// <summary>A short, scrubbed description: the S3 error code and status, and the first line of the message.</summary>
    internal static string Describe(Exception ex)
    {
        var message = Sanitize(ex.Message);
        if (ex is AmazonServiceException s && (s.ErrorCode is not null || s.StatusCode != 0))
        {
            var code = s.ErrorCode ?? s.StatusCode.ToString();

            // A response without a body (HEAD, some proxies) gets a generic SDK sentence that says nothing more.
            if (message.StartsWith("Error making request", StringComparison.Ordinal))
            {
                message = string.Empty;
            }

            return message.Length == 0 ? $"{code}, HTTP {(int)s.StatusCode}" : $"{code}, HTTP {(int)s.StatusCode}: {message}";
        }

        if (ex.InnerException is { } inner && (message.Length == 0 || ex is HttpRequestException or AmazonClientException))
        {
            var innerText = Sanitize(inner.Message);
            return message.Length == 0 ? innerText : $"{message}: {innerText}";
        }

        return message.Length == 0 ? ex.GetType().Name : message;
    }

    /// <summary>One line, at most 240 characters, with signatures, credential scopes and secret-looking values removed.</summary>
    internal static string Sanitize(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return string.Empty;
        }

        var line = SecretRedactor.Redact(message.ReplaceLineEndings(" ").Trim());
        return line.Length > 240 ? line[..240] + "…" : line;
    }
}
