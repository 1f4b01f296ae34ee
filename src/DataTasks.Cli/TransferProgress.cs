using DataTasks.Core;
using System.Diagnostics;

namespace DataTasks.Cli;

/// <summary>
/// Progress of push and pull on standard error, so standard output stays clean for scripts: on a terminal one live
/// line (objects, bytes, rate, ETA) redrawn a few times a second; when piped or in CI a plain line every few seconds.
/// Silent with --quiet or --json.
/// </summary>
internal sealed class TransferProgress : IDisposable
{
    private readonly TextWriter output;
    private readonly bool live;
    private readonly string verb;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Timer timer;
    private readonly object gate = new();
    private long bytes;
    private long totalBytes;
    private int objects;
    private int totalObjects;
    private bool planned;
    private bool drawn;
    private bool disposed;

    internal TransferProgress(TextWriter output, bool live, string verb, TimeSpan? period = null)
    {
        this.output = output;
        this.live = live;
        this.verb = verb;
        period ??= live ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        timer = new Timer(_ => Tick(), null, period.Value, period.Value);
    }

    /// <summary>A reporter for the context, or null when progress is not wanted.</summary>
    public static TransferProgress? For(CliContext context, string verb)
    {
        if (context.Quiet || context.Json)
        {
            return null;
        }

        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        var terminal = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected && !ci;
        return new TransferProgress(context.Error, terminal, verb);
    }

    public void Plan(int objectCount, long byteCount)
    {
        lock (gate)
        {
            totalObjects = objectCount;
            totalBytes = byteCount;
            planned = true;
        }
    }

    public void AddBytes(long count) => Interlocked.Add(ref bytes, count);

    public void ObjectDone() => Interlocked.Increment(ref objects);

    /// <summary>Clears the live line before other output is printed, so the two never interleave on one line.</summary>
    public void Clear()
    {
        lock (gate)
        {
            if (live && drawn)
            {
                output.Write("\r\u001b[K");
                output.Flush();
                drawn = false;
            }
        }
    }

    private void Tick()
    {
        lock (gate)
        {
            if (disposed || !planned || totalObjects == 0)
            {
                return;
            }

            var line = Format();
            if (live)
            {
                output.Write("\r\u001b[K" + line);
                drawn = true;
            }
            else
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }

    private string Format()
    {
        var done = Interlocked.Read(ref bytes);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var eta = rate > 0 && totalBytes > done ? TimeSpan.FromSeconds((totalBytes - done) / rate) : TimeSpan.Zero;
        return $"{verb}: {Volatile.Read(ref objects)}/{totalObjects} objects, {SizeFormat.Format(done)}/{SizeFormat.Format(totalBytes)}, " +
               $"{SizeFormat.Format((long)rate)}/s, ETA {(int)eta.TotalMinutes}:{eta.Seconds:00}";
    }

    public void Dispose()
    {
        timer.Dispose();
        Clear();
        lock (gate)
        {
            disposed = true;
        }
    }
}
