using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// Sits just inside the SDK's retry handler and applies <see cref="ConnectionHealth"/> to every attempt: a connection
/// that could not be made is retried here, quickly and within the command's shared budget (no byte was sent, so the
/// attempt is simply made again), instead of by the SDK's backoff of up to 20 s per retry and per object; a stalled
/// attempt goes back to the SDK's retries only while the endpoint still answers. Once the endpoint is down, every
/// attempt fails at once with one <see cref="DataTasksException"/> the SDK does not retry.
/// </summary>
internal sealed class OutageHandler : PipelineHandler
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        RuntimePipelineCustomizerRegistry.Instance.Register(new Customizer());
        return true;
    });

    /// <summary>Adds the handler to every S3 client built from now on; it acts only for configs with an attached health.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <inheritdoc />
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        var health = ConnectionHealth.Of(executionContext.RequestContext.ClientConfig);
        if (health is null)
        {
            return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
        }

        var cancellationToken = executionContext.RequestContext.CancellationToken;
        var attempt = 0;
        while (true)
        {
            health.ThrowIfDown();
            health.Sending();
            try
            {
                return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && S3Errors.IsConnectFailure(ex))
            {
                var wait = health.ConnectFailed(ex, ++attempt) ?? throw health.DownError();
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ConnectionHealth.IsStall(ex) && !health.StallMayRetry())
            {
                throw health.DownError();
            }
        }
    }

    /// <inheritdoc />
    public override void InvokeSync(IExecutionContext executionContext)
    {
        // DataTasks makes only async calls; a synchronous one still must not retry a dead endpoint.
        ConnectionHealth.Of(executionContext.RequestContext.ClientConfig)?.ThrowIfDown();
        base.InvokeSync(executionContext);
    }

    private sealed class Customizer : IRuntimePipelineCustomizer
    {
        public string UniqueName => "DataTasks.Outages";

        public void Customize(Type type, RuntimePipeline pipeline)
        {
            if (typeof(IAmazonS3).IsAssignableFrom(type))
            {
                pipeline.AddHandlerAfter<RetryHandler>(new OutageHandler());
            }
        }
    }
}
