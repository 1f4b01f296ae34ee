using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataTasks.Cli.Tests.S3;

/// <summary>One request that went through <see cref="S3Proxy"/>.</summary>
/// <param name="Number">1-based, in order of arrival.</param>
/// <param name="Method">GET, HEAD, PUT, POST, DELETE.</param>
/// <param name="Target">The request target as sent: path and query.</param>
/// <param name="Status">The status the client was sent (injected or s3rver's); 0 when it got none.</param>
/// <param name="Fault">The injected fault, or null when the request passed through untouched.</param>
internal sealed record ProxiedRequest(int Number, string Method, string Target, int Status, Fault? Fault)
{
    public bool IsUpload => Method is "PUT" or "POST" && !IsCopy;

    /// <summary>When the proxy had read the request's head, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long ArrivedAt { get; init; }

    /// <summary>A server-side copy (x-amz-copy-source): a PUT that carries no object bytes.</summary>
    public bool IsCopy { get; init; }

    public override string ToString() => $"#{Number} {Method}{(IsCopy ? " (copy)" : "")} {Target} -> {Status}{(Fault is null ? "" : $" [{Fault}]")}";
}

/// <summary>A fault the proxy injects instead of (or into) s3rver's response.</summary>
internal abstract record Fault
{
    /// <summary>
    /// Answers with this status and an S3 error body (and a Retry-After header when <paramref name="RetryAfter"/> is set);
    /// the request never reaches s3rver.
    /// </summary>
    public sealed record Status(int Code, string S3Code, string? RetryAfter = null) : Fault
    {
        public override string ToString() => $"{Code} {S3Code}{(RetryAfter is null ? "" : $" Retry-After: {RetryAfter}")}";
    }

    /// <summary>Resets the connection after reading the request, before any response byte.</summary>
    public sealed record Drop : Fault
    {
        public override string ToString() => "drop";
    }

    /// <summary>Forwards the request, sends the response head and half of its body, then closes the connection.</summary>
    public sealed record CutOff : Fault
    {
        public override string ToString() => "cut off";
    }

    /// <summary>Forwards the request, waits before the response head, and pauses again half-way through the body.</summary>
    public sealed record Slow(TimeSpan Delay) : Fault
    {
        public override string ToString() => $"slow {Delay.TotalMilliseconds:0}ms";
    }

    public static readonly Fault ServiceUnavailable = new Status(503, "SlowDown");
    public static readonly Fault InternalError = new Status(500, "InternalError");
}

/// <summary>
/// Deterministic fault injection: rule "every Nth" faults the Nth, 2Nth, ... distinct request that matches it (in order
/// of arrival). A request is identified by method and target with any uploadId removed, and only its first attempt
/// can be faulted: a retry of the same request (or the same part of a restarted multipart upload) always passes, so
/// a client with retries always gets through, in a bounded number of requests.
/// </summary>
internal sealed class FaultPlan
{
    private readonly List<Rule> rules = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public static FaultPlan None => new();

    /// <summary>Faults every <paramref name="n"/>th distinct request whose method is <paramref name="method"/> (any when null).</summary>
    public FaultPlan Every(int n, string? method, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        rules.Add(new Rule(n, method, fault));
        return this;
    }

    internal Fault? Decide(string method, string target)
    {
        lock (gate)
        {
            if (rules.Count == 0 || !seen.Add(method + " " + Identity(target)))
            {
                return null;
            }

            Fault? chosen = null;
            foreach (var rule in rules)
            {
                if (rule.Method is null || rule.Method == method)
                {
                    rule.Count++;
                    if (chosen is null && rule.Count % rule.N == 0)
                    {
                        chosen = rule.Fault;
                    }
                }
            }

            return chosen;
        }
    }

    private static string Identity(string target)
    {
        var q = target.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return target;
        }

        var kept = target[(q + 1)..].Split('&').Where(p => !p.StartsWith("uploadId=", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
        return target[..q] + "?" + string.Join('&', kept);
    }

    private sealed class Rule(int n, string? method, Fault fault)
    {
        public int N { get; } = n;

        public string? Method { get; } = method;

        public Fault Fault { get; } = fault;

        public int Count { get; set; }
    }
}

/// <summary>
/// A loopback HTTP/1.1 reverse proxy in front of s3rver that records every request and injects faults. Requests are
/// forwarded byte for byte (head and body, Content-Length or chunked, so SigV4 signatures stay valid); the response
/// head is rewritten only to say Connection: close when the proxy closes. Expect: 100-continue is answered by the
/// proxy itself (s3rver's own interim 100 is dropped). Each request gets a fresh connection to s3rver.
/// </summary>
internal sealed class S3Proxy : IAsyncDisposable
{
    private const int MaxHead = 64 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private readonly TcpListener listener;
    private readonly int upstreamPort;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Task, byte> handlers = new();
    private readonly ConcurrentDictionary<TcpClient, byte> clients = new();
    private readonly ConcurrentQueue<ProxiedRequest> log = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly Task acceptLoop;
    private int requestCount;

    private S3Proxy(int upstreamPort)
    {
        this.upstreamPort = upstreamPort;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Starts a proxy on a free loopback port forwarding to 127.0.0.1:<paramref name="upstreamPort"/>.</summary>
    public static S3Proxy Start(int upstreamPort) => new(upstreamPort);

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The faults to inject from now on (replace it to start a new plan).</summary>
    public FaultPlan Faults { get; set; } = FaultPlan.None;

    /// <summary>A safety cap: requests past it are answered 500 and the test is told by <see cref="AssertHealthy"/>.</summary>
    public int MaxRequests { get; init; } = 20_000;

    /// <summary>How many requests have arrived so far; pass it to <see cref="RequestsSince"/> later.</summary>
    public int Mark() => Volatile.Read(ref requestCount);

    /// <summary>Every request so far, in order of arrival.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => [.. log.OrderBy(r => r.Number)];

    /// <summary>The requests that arrived after <paramref name="mark"/>.</summary>
    public IReadOnlyList<ProxiedRequest> RequestsSince(int mark) => [.. Requests.Where(r => r.Number > mark)];

    /// <summary>Problems the proxy itself ran into (s3rver unreachable, malformed messages); for failure messages.</summary>
    public IReadOnlyList<string> Errors => [.. errors];

    public static string Describe(IEnumerable<ProxiedRequest> requests) => string.Join('\n', requests.Select(r => r.ToString()));

    /// <summary>Fails when the request cap was hit.</summary>
    public void AssertHealthy()
    {
        Assert.IsLessThanOrEqualTo(MaxRequests, Mark(), $"the proxy saw more than {MaxRequests} requests: an unbounded retry loop?");
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            clients[client] = 0;
            var task = Task.Run(() => HandleClientAsync(client));
            handlers[task] = 0;
            _ = task.ContinueWith(t => handlers.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task HandleClientAsync(TcpClient client)
    {
        client.NoDelay = true;
        NetworkStream clientStream;
        try
        {
            clientStream = client.GetStream();
        }
        catch (InvalidOperationException)
        {
            client.Dispose();
            return; // disposed while starting
        }

        var reader = new MessageReader(clientStream);
        var abort = false;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                idle.CancelAfter(IdleTimeout);
                var rawHead = await reader.ReadHeadAsync(idle.Token);
                if (rawHead is null)
                {
                    return;
                }

                var head = Head.Parse(rawHead);
                var parts = head.StartLine.Split(' ');
                if (parts.Length != 3)
                {
                    errors.Enqueue($"malformed request line: {head.StartLine}");
                    abort = true;
                    return;
                }

                var (method, target) = (parts[0], parts[1]);
                var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
                var isCopy = head.Headers.Any(h => h.Name.Equals("x-amz-copy-source", StringComparison.OrdinalIgnoreCase));
                var number = Interlocked.Increment(ref requestCount);
                var fault = number > MaxRequests ? new Fault.Status(500, "ProxyRequestLimit") : Faults.Decide(method, target);

                if (head.Has("Expect", "100-continue"))
                {
                    await clientStream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), idle.Token);
                }

                if (fault is Fault.Drop)
                {
                    log.Enqueue(new ProxiedRequest(number, method, target, 0, fault) { ArrivedAt = arrived, IsCopy = isCopy });
                    abort = true;
                    return;
                }

                if (fault is Fault.Status injected)
                {
                    await CopyBodyAsync(reader, head, Stream.Null, idle.Token);
                    log.Enqueue(new ProxiedRequest(number, method, target, injected.Code, fault) { ArrivedAt = arrived, IsCopy = isCopy });
                    await clientStream.WriteAsync(ErrorResponse(injected, method, number), idle.Token);
                    return;
                }

                var next = await ForwardAsync(reader, clientStream, head, method, target, number, arrived, isCopy, fault, idle.Token);
                if (next == Next.Reset)
                {
                    abort = true;
                    return;
                }

                if (next == Next.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException)
        {
            // The client went away, or the proxy is stopping.
            abort = true;
        }
        catch (Exception ex)
        {
            errors.Enqueue($"proxy bug: {ex}");
            abort = true;
        }
        finally
        {
            if (abort)
            {
                Reset(client);
            }

            client.Dispose();
            clients.TryRemove(client, out _);
        }
    }

    private enum Next
    {
        KeepAlive,
        Close,
        Reset,
    }

    /// <summary>Forwards one request and relays the response; says what becomes of the client connection.</summary>
    private async Task<Next> ForwardAsync(MessageReader reader, NetworkStream clientStream, Head head, string method, string target, int number, long arrived, bool isCopy, Fault? fault, CancellationToken ct)
    {
        using var upstream = new TcpClient { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, ct);
        }
        catch (SocketException ex)
        {
            // s3rver is down: the client sees its connection reset, as through a load balancer with no backend.
            errors.Enqueue($"#{number} {method} {target}: cannot reach s3rver: {ex.SocketErrorCode}");
            await CopyBodyAsync(reader, head, Stream.Null, ct);
            log.Enqueue(new ProxiedRequest(number, method, target, 0, fault) { ArrivedAt = arrived, IsCopy = isCopy });
            return Next.Reset;
        }

        var upstreamStream = upstream.GetStream();
        var upstreamReader = new MessageReader(upstreamStream);

        // If s3rver answers early and closes, the rest of the request body is read and discarded (the client's
        // framing stays intact) and s3rver's answer is relayed.
        var toUpstream = new DiscardAfterFailureStream(upstreamStream);
        await toUpstream.WriteAsync(head.Raw, ct);
        await CopyBodyAsync(reader, head, toUpstream, ct);

        Head response;
        while (true)
        {
            var raw = await upstreamReader.ReadHeadAsync(ct);
            if (raw is null)
            {
                errors.Enqueue($"#{number} {method} {target}: s3rver closed the connection without a response");
                log.Enqueue(new ProxiedRequest(number, method, target, 0, fault) { ArrivedAt = arrived, IsCopy = isCopy });
                return Next.Reset;
            }

            response = Head.Parse(raw);
            var code = response.StatusCode;
            if (code is >= 100 and < 200 and not 101)
            {
                continue; // interim (100 Continue): the proxy already answered the client's Expect itself
            }

            break;
        }

        var status = response.StatusCode;
        var noBody = method == "HEAD" || status is 204 or 304;
        var chunked = !noBody && response.Has("Transfer-Encoding", "chunked");
        long? length = noBody ? 0 : chunked ? null : response.ContentLength;
        var untilClose = !noBody && !chunked && length is null;

        if (fault is Fault.CutOff && length is < 2)
        {
            // Nothing to cut half-way: drop before the head instead.
            log.Enqueue(new ProxiedRequest(number, method, target, 0, fault) { ArrivedAt = arrived, IsCopy = isCopy });
            return Next.Reset;
        }

        log.Enqueue(new ProxiedRequest(number, method, target, status, fault) { ArrivedAt = arrived, IsCopy = isCopy });
        var closeAfter = untilClose || fault is Fault.CutOff || head.Has("Connection", "close") || response.Has("Connection", "close");
        if (fault is Fault.Slow slow)
        {
            await Task.Delay(slow.Delay, ct);
        }

        await clientStream.WriteAsync(closeAfter ? response.WithConnectionClose() : response.Raw, ct);
        Stream destination = fault switch
        {
            Fault.CutOff => new FaultStream(clientStream, cutAfter: length is { } n ? n / 2 : 16 * 1024, pauseAfter: null, pause: TimeSpan.Zero),
            Fault.Slow s => new FaultStream(clientStream, cutAfter: null, pauseAfter: length is { } n ? n / 2 : 16 * 1024, pause: s.Delay),
            _ => clientStream,
        };

        try
        {
            if (chunked)
            {
                await upstreamReader.CopyChunkedAsync(destination, ct);
            }
            else if (untilClose)
            {
                await upstreamReader.CopyToEndAsync(destination, ct);
            }
            else
            {
                await upstreamReader.CopyAsync(destination, length!.Value, ct);
            }
        }
        catch (CutOffException)
        {
            // FIN, not RST: the client gets exactly the bytes sent so far, then a premature end of the body.
            clientStream.Socket.Shutdown(SocketShutdown.Send);
            return Next.Close;
        }

        await clientStream.FlushAsync(ct);
        return closeAfter || toUpstream.Failed ? Next.Close : Next.KeepAlive;
    }

    private static async Task CopyBodyAsync(MessageReader reader, Head head, Stream destination, CancellationToken ct)
    {
        if (head.Has("Transfer-Encoding", "chunked"))
        {
            await reader.CopyChunkedAsync(destination, ct);
        }
        else if (head.ContentLength is { } n and > 0)
        {
            await reader.CopyAsync(destination, n, ct);
        }
    }

    private static byte[] ErrorResponse(Fault.Status fault, string method, int number)
    {
        var requestId = "PROXY" + number.ToString("D8", CultureInfo.InvariantCulture);
        var body = method == "HEAD"
            ? ""
            : $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{fault.S3Code}</Code><Message>injected by the test proxy</Message><RequestId>{requestId}</RequestId></Error>";
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var reason = fault.Code switch { 500 => "Internal Server Error", 503 => "Service Unavailable", 403 => "Forbidden", 404 => "Not Found", _ => "Error" };
        var head = $"HTTP/1.1 {fault.Code} {reason}\r\nContent-Type: application/xml\r\nContent-Length: {bodyBytes.Length}\r\nx-amz-request-id: {requestId}\r\n{(fault.RetryAfter is null ? "" : $"Retry-After: {fault.RetryAfter}\r\n")}Connection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bodyBytes];
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        foreach (var client in clients.Keys)
        {
            Reset(client);
            client.Dispose();
        }

        try
        {
            await acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.WhenAll(handlers.Keys).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or IOException or SocketException)
        {
        }

        stop.Dispose();
    }

    /// <summary>A parsed message head that keeps its raw bytes.</summary>
    private sealed class Head
    {
        private Head(byte[] raw, string startLine, List<(string Name, string Value)> headers)
        {
            Raw = raw;
            StartLine = startLine;
            Headers = headers;
        }

        public byte[] Raw { get; }

        public string StartLine { get; }

        public List<(string Name, string Value)> Headers { get; }

        public int StatusCode => int.Parse(StartLine.Split(' ')[1], CultureInfo.InvariantCulture);

        public long? ContentLength
        {
            get
            {
                var value = Headers.Where(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
                return value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        public static Head Parse(byte[] raw)
        {
            var lines = Encoding.Latin1.GetString(raw).Split("\r\n");
            var headers = new List<(string, string)>();
            foreach (var line in lines.Skip(1))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new FormatException($"malformed header line: {line}");
                }

                headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }

            return new Head(raw, lines[0], headers);
        }

        public bool Has(string name, string token) =>
            Headers.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase) &&
                             h.Value.Split(',').Any(v => v.Trim().Equals(token, StringComparison.OrdinalIgnoreCase)));

        public byte[] WithConnectionClose()
        {
            var sb = new StringBuilder(StartLine).Append("\r\n");
            foreach (var (name, value) in Headers)
            {
                if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && !name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
                {
                    sb.Append(name).Append(": ").Append(value).Append("\r\n");
                }
            }

            sb.Append("Connection: close\r\n\r\n");
            return Encoding.Latin1.GetBytes(sb.ToString());
        }
    }

    /// <summary>Buffered reading of HTTP/1.1 framing over a stream: heads, chunk lines, exact byte counts.</summary>
    private sealed class MessageReader(Stream stream)
    {
        private readonly byte[] buffer = new byte[128 * 1024];
        private int start;
        private int end;

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            if (start == end)
            {
                start = end = 0;
            }
            else if (end == buffer.Length)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            var n = await stream.ReadAsync(buffer.AsMemory(end), ct);
            end += n;
            return n > 0;
        }

        /// <summary>Bytes up to and including the next <paramref name="delimiter"/>, or null on a clean end of stream before any byte.</summary>
        private async Task<byte[]?> ReadThroughAsync(byte[] delimiter, CancellationToken ct)
        {
            var searched = 0;
            while (true)
            {
                var span = buffer.AsSpan(start, end - start);
                var at = span[Math.Max(0, searched - delimiter.Length)..].IndexOf(delimiter);
                if (at >= 0)
                {
                    var length = Math.Max(0, searched - delimiter.Length) + at + delimiter.Length;
                    var result = span[..length].ToArray();
                    start += length;
                    return result;
                }

                searched = end - start;
                if (searched > MaxHead)
                {
                    throw new FormatException("HTTP head or chunk line too long");
                }

                if (!await FillAsync(ct))
                {
                    if (end == start)
                    {
                        return null;
                    }

                    throw new IOException("connection closed in the middle of a message head");
                }

                searched = Math.Min(searched, end - start);
            }
        }

        public Task<byte[]?> ReadHeadAsync(CancellationToken ct) => ReadThroughAsync("\r\n\r\n"u8.ToArray(), ct);

        public async Task CopyAsync(Stream destination, long count, CancellationToken ct)
        {
            while (count > 0)
            {
                if (start == end && !await FillAsync(ct))
                {
                    throw new IOException($"connection closed with {count} body bytes still to come");
                }

                var n = (int)Math.Min(count, end - start);
                await destination.WriteAsync(buffer.AsMemory(start, n), ct);
                start += n;
                count -= n;
            }
        }

        public async Task CopyToEndAsync(Stream destination, CancellationToken ct)
        {
            while (start < end || await FillAsync(ct))
            {
                await destination.WriteAsync(buffer.AsMemory(start, end - start), ct);
                start = end;
            }
        }

        /// <summary>Relays a chunked body unchanged: size lines, data, the last chunk and any trailers.</summary>
        public async Task CopyChunkedAsync(Stream destination, CancellationToken ct)
        {
            while (true)
            {
                var line = await ReadThroughAsync("\r\n"u8.ToArray(), ct) ?? throw new IOException("connection closed before a chunk size");
                await destination.WriteAsync(line, ct);
                var text = Encoding.ASCII.GetString(line).TrimEnd();
                var semicolon = text.IndexOf(';', StringComparison.Ordinal);
                var size = long.Parse(semicolon < 0 ? text : text[..semicolon], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (true)
                    {
                        var trailer = await ReadThroughAsync("\r\n"u8.ToArray(), ct) ?? throw new IOException("connection closed in chunked trailers");
                        await destination.WriteAsync(trailer, ct);
                        if (trailer.Length == 2)
                        {
                            return;
                        }
                    }
                }

                await CopyAsync(destination, size + 2, ct);
            }
        }
    }

    private sealed class CutOffException : Exception
    {
        public CutOffException()
            : base("response cut off by the test proxy")
        {
        }
    }

    /// <summary>Passes writes through until one fails; from then on discards them and says so.</summary>
    private sealed class DiscardAfterFailureStream(Stream inner) : Stream
    {
        public bool Failed { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            if (Failed)
            {
                return;
            }

            try
            {
                await inner.WriteAsync(data, cancellationToken);
            }
            catch (IOException)
            {
                Failed = true;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Passes writes through, but throws after <c>cutAfter</c> bytes or pauses once after <c>pauseAfter</c> bytes.</summary>
    private sealed class FaultStream(Stream inner, long? cutAfter, long? pauseAfter, TimeSpan pause) : Stream
    {
        private long written;
        private bool paused;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => written; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            if (cutAfter is { } cut && written + data.Length > cut)
            {
                var allowed = (int)Math.Max(0, cut - written);
                await inner.WriteAsync(data[..allowed], cancellationToken);
                await inner.FlushAsync(cancellationToken);
                written += allowed;
                throw new CutOffException();
            }

            if (pauseAfter is { } at && !paused && written + data.Length > at)
            {
                var first = (int)Math.Max(0, at - written);
                await inner.WriteAsync(data[..first], cancellationToken);
                await inner.FlushAsync(cancellationToken);
                paused = true;
                await Task.Delay(pause, cancellationToken);
                await inner.WriteAsync(data[first..], cancellationToken);
            }
            else
            {
                await inner.WriteAsync(data, cancellationToken);
            }

            written += data.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
