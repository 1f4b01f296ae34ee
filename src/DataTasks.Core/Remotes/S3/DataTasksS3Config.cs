using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

/// <summary>The client configuration of a DataTasks S3 remote; its type marks the clients whose requests DataTasks tunes.</summary>
public sealed class DataTasksS3Config : AmazonS3Config
{
}
