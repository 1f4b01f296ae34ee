using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// Tells <see cref="SecretRedactor"/> the credentials a request is signed with, whatever the SDK found them in (the
/// environment, a profile, SSO, an instance role), so a store echoing them back can never get them printed. Runs
/// just inside the SDK's retry handler, where the request's identity is already resolved; each client registers once.
/// </summary>
internal sealed class SecretRegistrationHandler : PipelineHandler
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        RuntimePipelineCustomizerRegistry.Instance.Register(new Customizer());
        return true;
    });

    private int done;

    /// <summary>Adds the handler to every S3 client built from now on.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <inheritdoc />
    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        Remember(executionContext);
        return base.InvokeAsync<T>(executionContext);
    }

    /// <inheritdoc />
    public override void InvokeSync(IExecutionContext executionContext)
    {
        Remember(executionContext);
        base.InvokeSync(executionContext);
    }

    private void Remember(IExecutionContext executionContext)
    {
        if (Volatile.Read(ref done) != 0 || executionContext.RequestContext.Identity is not AWSCredentials credentials)
        {
            return;
        }

        try
        {
            // Already resolved for signing this request, so this reads the cached values.
            var values = credentials.GetCredentials();
            SecretRedactor.Register(values.AccessKey);
            SecretRedactor.Register(values.SecretKey);
            SecretRedactor.Register(values.Token);
            Interlocked.Exchange(ref done, 1);
        }
        catch (AmazonClientException)
        {
            // No usable credentials: the request fails with DT0206 on its own, and there is nothing to mask.
        }
    }

    private sealed class Customizer : IRuntimePipelineCustomizer
    {
        public string UniqueName => "DataTasks.SecretRegistration";

        public void Customize(Type type, RuntimePipeline pipeline)
        {
            if (typeof(IAmazonS3).IsAssignableFrom(type))
            {
                pipeline.AddHandlerAfter<RetryHandler>(new SecretRegistrationHandler());
            }
        }
    }
}
