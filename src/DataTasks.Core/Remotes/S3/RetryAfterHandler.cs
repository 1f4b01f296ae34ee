using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// Honours a standard <c>Retry-After</c> header on a throttling or unavailable response. The SDK's retry policy only
/// reads AWS's own <c>x-amz-retry-after</c>; S3-compatible stores and the proxies in front of them (R2, MinIO behind a
/// load balancer) send the standard header, and retrying sooner than they asked only earns more 503s. The handler sits
/// just inside the SDK's retry handler, so it sees every attempt's failure and waits (capped) before the SDK's own
/// jittered backoff runs.
/// </summary>
internal sealed class RetryAfterHandler : PipelineHandler
{
    /// <summary>The longest wait honoured: a store asking for minutes is better reported than waited on silently.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly Lazy<bool> Registered = new(() =>
    {
        RuntimePipelineCustomizerRegistry.Instance.Register(new Customizer());
        return true;
    });

    /// <summary>Adds the handler to every S3 client built from a <see cref="DataTasksS3Config"/> from now on.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <inheritdoc />
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        try
        {
            return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (Requested(executionContext, ex) is { } wait)
        {
            await Task.Delay(wait, executionContext.RequestContext.CancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override void InvokeSync(IExecutionContext executionContext)
    {
        try
        {
            base.InvokeSync(executionContext);
        }
        catch (AmazonServiceException ex) when (Requested(executionContext, ex) is { } wait)
        {
            Thread.Sleep(wait);
            throw;
        }
    }

    /// <summary>The wait a failed attempt asked for, or null when it asked for none (or is not ours to handle).</summary>
    private static TimeSpan? Requested(IExecutionContext context, AmazonServiceException ex)
    {
        if (context.RequestContext.ClientConfig is not DataTasksS3Config || (int)ex.StatusCode is not (429 or 503))
        {
            return null;
        }

        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpErrorResponseException { Response: { } response } && response.IsHeaderPresent("Retry-After"))
            {
                return Parse(response.GetHeaderValue("Retry-After"), DateTimeOffset.UtcNow);
            }
        }

        return null;
    }

    /// <summary>Reads a Retry-After value: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), capped at <see cref="MaxWait"/>.</summary>
    internal static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        TimeSpan wait;
        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            wait = TimeSpan.FromSeconds(Math.Min(seconds, (long)MaxWait.TotalSeconds));
        }
        else if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            wait = when - now;
        }
        else
        {
            return null;
        }

        return wait <= TimeSpan.Zero ? null : wait > MaxWait ? MaxWait : wait;
    }

    private sealed class Customizer : IRuntimePipelineCustomizer
    {
        public string UniqueName => "DataTasks.RetryAfter";

        public void Customize(Type type, RuntimePipeline pipeline)
        {
            // "After" the retry handler is inside it: the handler sees each attempt, not only the final failure.
            if (typeof(IAmazonS3).IsAssignableFrom(type))
            {
                pipeline.AddHandlerAfter<RetryHandler>(new RetryAfterHandler());
            }
        }
    }
}
