namespace DataTasks.Core.Remotes.S3;

/// <summary>The kind of S3-compatible store, which chooses the defaults (a preset) for the protocol settings.</summary>
public enum S3Provider
{
    /// <summary>Amazon S3: the SDK's defaults (flexible checksums, aws-chunked uploads, virtual-hosted buckets).</summary>
    Aws,

    /// <summary>Cloudflare R2: checksums only when required, no aws-chunked bodies, unsigned payloads over https, region "auto".</summary>
    R2,

    /// <summary>MinIO: checksums only when required, no aws-chunked bodies, path-style buckets.</summary>
    Minio,

    /// <summary>Any other S3-compatible store (Ceph, SeaweedFS, s3rver, …): the most conservative protocol settings.</summary>
    Generic,
}
