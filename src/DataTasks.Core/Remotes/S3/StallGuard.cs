using System.Net;
using Amazon.Runtime;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// The HTTP layer of an S3 remote: the SDK's usual socket handler, with a watchdog on every request. The watchdog is
/// re-armed by each chunk of the request body written to the connection and stops when the response head arrives; if
/// it fires, the attempt fails with a <see cref="StallException"/> (retryable, like a dropped connection) instead of
/// waiting out the 5-minute request timeout. Response bodies are watched by the download loop itself; POSTs and
/// server-side copies, which a store may legitimately work on for long before answering, are not watched.
/// </summary>
internal sealed class StallGuard(HttpMessageHandler inner, ConnectionHealth health) : DelegatingHandler(inner)
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post || request.Headers.Contains("x-amz-copy-source"))
        {
            // Completing a multipart upload and copying an object are work the store does before it answers (minutes
            // for a large object on some stores), and retrying a completed one fails; the request timeout bounds them.
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var timeout = health.StallTimeout;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answered = 0;
        watchdog.CancelAfter(timeout);
        if (request.Content is { } content)
        {
            request.Content = new ObservedContent(content, () =>
            {
                if (Volatile.Read(ref answered) == 0)
                {
                    try
                    {
                        watchdog.CancelAfter(timeout);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The response came while the body was still going out.
                    }
                }
            });
        }

        try
        {
            var response = await base.SendAsync(request, watchdog.Token).ConfigureAwait(false);
            Volatile.Write(ref answered, 1);
            health.Answered();
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && watchdog.IsCancellationRequested)
        {
            throw new StallException(timeout, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            // The socket handler's connect timeout (TCP and TLS handshake): no connection was made, so it shares the
            // command's connection budget instead of taking the SDK's full retries of 15 s each.
            throw new HttpRequestException(HttpRequestError.ConnectionError, "no connection within the connect timeout", ex);
        }
    }

    /// <summary>A request body that reports each chunk written to the connection.</summary>
    private sealed class ObservedContent : HttpContent
    {
        private readonly HttpContent inner;
        private readonly Action progress;

        public ObservedContent(HttpContent inner, Action progress)
        {
            this.inner = inner;
            this.progress = progress;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var observed = new ObservedStream(stream, progress);
            await inner.CopyToAsync(observed, context, cancellationToken).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A write-only pass-through that reports each completed write.</summary>
    private sealed class ObservedStream(Stream inner, Action progress) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            progress();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            progress();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Builds the HTTP client of one S3 remote: the SDK's settings (timeouts, proxy, connection limit) behind a <see cref="StallGuard"/>.</summary>
internal sealed class StallGuardHttpClientFactory(ConnectionHealth health) : HttpClientFactory
{
    private readonly string id = "datatasks-" + Guid.NewGuid().ToString("N");

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = clientConfig.AllowAutoRedirect,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        if (clientConfig.ConnectTimeout is { } connect)
        {
            sockets.ConnectTimeout = connect;
        }

        if (clientConfig.MaxConnectionsPerServer is { } max)
        {
            sockets.MaxConnectionsPerServer = max;
        }

        if (clientConfig.GetWebProxy() is { } proxy)
        {
            sockets.Proxy = proxy;
            sockets.UseProxy = true;
        }

        return new HttpClient(new StallGuard(sockets, health)) { Timeout = clientConfig.Timeout ?? Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    /// <inheritdoc />
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <inheritdoc />
    public override string GetConfigUniqueString(IClientConfig clientConfig) => id;
}
