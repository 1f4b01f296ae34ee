using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// Refusals caused by how an upload's body was checksummed or encoded, which a setting fixes: many S3-compatible
/// stores (Ceph radosgw 16, older MinIO, some proxies) do not decode aws-chunked bodies or accept the SDK's
/// streaming trailer checksums, and answer with a payload hash mismatch, a 501 or an InvalidRequest instead.
/// </summary>
internal static partial class S3Errors
{
    private static readonly string[] ProtocolWords =
        ["chunk", "trailer", "checksum", "content-sha256", "contentsha256", "content-encoding", "transfer-encoding"];

    /// <summary>
    /// DT0215 when an upload was refused because of its checksum or chunked encoding, naming the settings that fix it;
    /// null for any other failure.
    /// </summary>
    internal static DataTasksException? ProtocolRefusal(Exception ex, S3Settings settings, S3Activity activity, string what)
    {
        if (activity != S3Activity.Upload || ex is not AmazonS3Exception s3)
        {
            return null;
        }

        var streamsTrailers = settings.ChunkedEncoding && settings.ChecksumCalculation == RequestChecksumCalculation.WHEN_SUPPORTED;
        var sendsProtocolExtras = settings.ChunkedEncoding || settings.ChecksumCalculation == RequestChecksumCalculation.WHEN_SUPPORTED;
        if (!sendsProtocolExtras)
        {
            // Without aws-chunked bodies and flexible checksums a hash mismatch means the bytes changed on the way.
            return null;
        }

        string reason;
        if (string.Equals(s3.ErrorCode, "XAmzContentSHA256Mismatch", StringComparison.OrdinalIgnoreCase))
        {
            reason = streamsTrailers
                ? "this server does not accept streaming trailer checksums"
                : "this server does not decode aws-chunked bodies";
        }
        else if (s3.StatusCode == HttpStatusCode.NotImplemented ||
                 (s3.StatusCode == HttpStatusCode.LengthRequired && settings.ChunkedEncoding) ||
                 (s3.StatusCode == HttpStatusCode.BadRequest && MentionsProtocol(s3)))
        {
            // An upload is a plain PUT: what a store does not implement in it is a header ("A header you provided
            // implies functionality that is not implemented"), and an aws-chunked body has no Content-Length.
            reason = "this server does not accept the upload's checksum headers or aws-chunked encoding";
        }
        else
        {
            return null;
        }

        var environment = Environment.GetEnvironmentVariable("AWS_REQUEST_CHECKSUM_CALCULATION") is { Length: > 0 }
            ? " (AWS_REQUEST_CHECKSUM_CALCULATION overrides \"checksum\": unset it)"
            : string.Empty;
        return new DataTasksException(ErrorCodes.RemoteProtocolUnsupported,
            $"{what}remote {settings.Url} refused the upload ({Describe(s3)}): {reason}; in \"s3\" of .datatasks/config.json use " +
            $"\"provider\": \"generic\", or \"checksum\": \"when_required\" with \"chunked_encoding\": false{environment}", ex);
    }

    private static bool MentionsProtocol(AmazonS3Exception s3)
    {
        var text = $"{s3.ErrorCode} {s3.Message}";
        return ProtocolWords.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}
