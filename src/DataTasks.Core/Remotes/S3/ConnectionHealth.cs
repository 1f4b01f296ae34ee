using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amazon.Runtime;

namespace DataTasks.Core.Remotes.S3;

/// <summary>
/// What one S3 remote (one command) knows about its endpoint being alive, shared by every request it makes. Failures to
/// connect at all (refused, DNS, TLS handshake) get one short retry budget for the whole command, not one per object,
/// and requests that get no byte back (a stall) are retried only while the endpoint still answers something. Once
/// either is spent the endpoint is down: every request fails at once with the same error, so a pull of many files ends
/// quickly with one line. Throttling, 5xx and connections dropped mid-transfer keep the SDK's full retry budget.
/// </summary>
internal sealed class ConnectionHealth
{
    /// <summary>Connection failures are retried for this long after the first one (reset by any answer), then the endpoint is down.</summary>
    internal static readonly TimeSpan ConnectBudget = TimeSpan.FromSeconds(6);

    private static readonly ConditionalWeakTable<IClientConfig, ConnectionHealth> ByConfig = [];

    private readonly object gate = new();
    private readonly S3Settings settings;
    /// <summary>The last answer, or the first request until there is one (0 before any): the remote may be opened long before it is used.</summary>
    private long lastAnswer;
    private long firstConnectFailure;
    private string? downReason;

    public ConnectionHealth(S3Settings settings)
    {
        this.settings = settings;
    }

    /// <summary>How long a request or a download may go without a byte before it counts as stalled.</summary>
    public TimeSpan StallTimeout => settings.ReadStallTimeout;

    /// <summary>True once the endpoint is considered down for the rest of the command.</summary>
    public bool IsDown => Volatile.Read(ref downReason) is not null;

    /// <summary>Makes the requests of clients built from <paramref name="config"/> report to <paramref name="health"/>.</summary>
    public static void Attach(IClientConfig config, ConnectionHealth health) => ByConfig.AddOrUpdate(config, health);

    /// <summary>The health the requests of <paramref name="config"/> report to, if any.</summary>
    public static ConnectionHealth? Of(IClientConfig? config) => config is not null && ByConfig.TryGetValue(config, out var h) ? h : null;

    /// <summary>A request is about to be sent: the first one starts the clock stalls are measured against.</summary>
    public void Sending()
    {
        if (Volatile.Read(ref lastAnswer) == 0)
        {
            Interlocked.CompareExchange(ref lastAnswer, Stopwatch.GetTimestamp(), 0);
        }
    }

    /// <summary>The endpoint answered (a response head, or body bytes): it is alive; connection failures start afresh.</summary>
    public void Answered()
    {
        lock (gate)
        {
            lastAnswer = Stopwatch.GetTimestamp();
            firstConnectFailure = 0;
        }
    }

    /// <summary>
    /// A connection could not be made. Returns how long to wait before the next attempt, or null when the command's
    /// budget is spent (the endpoint is now down).
    /// </summary>
    public TimeSpan? ConnectFailed(Exception ex, int attempt)
    {
        lock (gate)
        {
            if (downReason is null)
            {
                var now = Stopwatch.GetTimestamp();
                if (firstConnectFailure == 0)
                {
                    firstConnectFailure = now;
                }

                if (Stopwatch.GetElapsedTime(firstConnectFailure, now) < ConnectBudget)
                {
                    // 0.25 s, 0.5 s, 1 s, then every 2 s, with jitter so parallel requests do not retry in lockstep.
                    var ceiling = Math.Min(2000, 250 * Math.Pow(2, Math.Min(attempt, 8) - 1));
                    return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
                }

                downReason = $"cannot connect to {Where} ({ConnectReason(ex)})";
            }

            return null;
        }
    }

    /// <summary>
    /// A request or download got no byte for <see cref="StallTimeout"/>. True when it may be retried: the endpoint
    /// answered something within the last two stall timeouts. Otherwise the endpoint is now down.
    /// </summary>
    public bool StallMayRetry()
    {
        lock (gate)
        {
            if (downReason is null && lastAnswer != 0 && Stopwatch.GetElapsedTime(lastAnswer) >= 2 * StallTimeout)
            {
                downReason = $"{Where} accepted connections but sent nothing for {StallTimeout.TotalSeconds:0} s";
            }

            return downReason is null;
        }
    }

    /// <summary>Fails with the down error when the endpoint is down.</summary>
    public void ThrowIfDown()
    {
        if (IsDown)
        {
            throw DownError();
        }
    }

    /// <summary>The one error every request gets once the endpoint is down (the same text each time, so it groups).</summary>
    public DataTasksException DownError() => new(ErrorCodes.RemoteUnavailable,
        $"{Volatile.Read(ref downReason)}; remote {settings.Url} is unreachable; check the network and \"s3.endpoint\", then run the command again");

    /// <summary>True when <paramref name="ex"/> (or an exception inside it) is a stall this code detected.</summary>
    public static bool IsStall(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is StallException)
            {
                return true;
            }
        }

        return false;
    }

    private string Where => settings.Endpoint ?? $"the S3 endpoint of bucket '{settings.Bucket}'";

    private static string ConnectReason(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "host not found";
                case SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable }:
                    return "network unreachable";
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return "host not found";
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return "TLS handshake failed";
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: OperationCanceledException }:
                    return "connection timed out";
            }
        }

        return S3Errors.Sanitize(ex.GetBaseException().Message);
    }
}

/// <summary>No byte moved in either direction for the stall timeout; retryable like a dropped connection.</summary>
internal sealed class StallException(TimeSpan timeout, Exception? inner = null)
    : IOException($"no byte was sent or received for {timeout.TotalSeconds:0} s", inner);
