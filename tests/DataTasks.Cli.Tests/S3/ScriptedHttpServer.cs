using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;

namespace DataTasks.Cli.Tests.S3;

/// <summary>
/// A loopback HTTP/1.1 server that plays a broken S3 endpoint: it either answers every request with an S3 error whose
/// message echoes the request's headers (as some stores and proxies do, signatures and tokens included), or accepts
/// every connection, reads the request and never answers. It records what it was sent.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentBag<TcpClient> clients = [];
    private readonly ConcurrentQueue<string> heads = new();
    private readonly Task acceptLoop;
    private readonly (int Status, string S3Code)? answer;

    private ScriptedHttpServer((int Status, string S3Code)? answer)
    {
        this.answer = answer;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Answers every request with <paramref name="status"/> and an S3 error body that quotes the request head (HEAD with 404).</summary>
    public static ScriptedHttpServer EchoingError(int status, string s3Code) => new((status, s3Code));

    /// <summary>Accepts every connection and reads the request, but never sends a byte back.</summary>
    public static ScriptedHttpServer Silent() => new(null);

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The request heads received so far, as text.</summary>
    public IReadOnlyList<string> Heads => [.. heads];

    /// <summary>A loopback port nothing listens on: every connection to it is refused.</summary>
    public static int RefusingPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
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

            clients.Add(client);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            while (!stop.IsCancellationRequested)
            {
                var head = await ReadHeadAsync(stream, stop.Token);
                if (head is null)
                {
                    return;
                }

                heads.Enqueue(head);
                if (answer is not { } a)
                {
                    // Silent: hold the connection open until the server stops.
                    await Task.Delay(Timeout.Infinite, stop.Token);
                    return;
                }

                var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                var expectsContinue = lines.Any(l => l.StartsWith("Expect:", StringComparison.OrdinalIgnoreCase));
                var length = lines.Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => long.Parse(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
                if (!expectsContinue && length > 0)
                {
                    await DrainAsync(stream, length, stop.Token);
                }

                // HEAD (push asking whether an object exists) is told "not found", so push goes on to the PUT that
                // gets the echoed error.
                var method = lines[0].Split(' ')[0];
                var status = method == "HEAD" ? 404 : a.Status;
                var message = SecurityElement.Escape(string.Join("\n", lines));
                var body = method == "HEAD" ? string.Empty
                    : $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{a.S3Code}</Code><Message>{message}</Message><RequestId>ECHO1</RequestId></Error>";
                var bytes = Encoding.UTF8.GetBytes(body);
                var response = $"HTTP/1.1 {status} Error\r\nContent-Type: application/xml\r\nContent-Length: {bytes.Length}\r\nx-amz-request-id: ECHO1\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response).Concat(bytes).ToArray(), stop.Token);
                await stream.FlushAsync(stop.Token);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one, ct);
            if (n == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                return Encoding.Latin1.GetString([.. buffer]);
            }
        }
    }

    private static async Task DrainAsync(Stream stream, long count, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct);
            if (n == 0)
            {
                return;
            }

            count -= n;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        try
        {
            await acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
