using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace DataTasks.Core.Storage;

/// <summary>
/// Who holds a lock, as its holder wrote it into the lock file: process id, host name, when it took the lock and its
/// last heartbeat. The OS lock (flock) decides between processes of one host; this record is what a waiter judges when
/// the OS lock is free but the file still names a holder: a holder killed on this host (its pid is gone), or a holder
/// on another host whose OS lock a network file system does not pass on (its heartbeat tells whether it is alive).
/// </summary>
/// <param name="ProcessId">The holder's process id.</param>
/// <param name="Host">The holder's host name.</param>
/// <param name="Started">When the holder took the lock.</param>
/// <param name="Heartbeat">When the holder last refreshed the record.</param>
internal sealed record LockHolder(int ProcessId, string Host, DateTimeOffset Started, DateTimeOffset Heartbeat)
{
    /// <summary>
    /// Every record is padded to this length and written with one positioned write at offset 0, so a reader never sees
    /// an empty or shorter file while it is rewritten (a rename would be atomic too, but would move the lock file to a
    /// new inode and lose the OS lock held on the old one).
    /// </summary>
    public const int RecordBytes = 384;

    /// <summary>This host's name as records carry it.</summary>
    public static string CurrentHost { get; } = HostName();

    /// <summary>A record for this process, taking the lock now.</summary>
    public static LockHolder ForThisProcess(DateTimeOffset now) => new(Environment.ProcessId, CurrentHost, now, now);

    /// <summary>The record as written into the lock file: one JSON line, padded with spaces to <see cref="RecordBytes"/>.</summary>
    public byte[] ToRecord()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("pid", ProcessId);
            writer.WriteString("host", Host);
            writer.WriteString("started", Started.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("heartbeat", Heartbeat.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        var json = buffer.WrittenSpan;
        var record = new byte[Math.Max(RecordBytes, json.Length + 1)];
        record.AsSpan().Fill((byte)' ');
        json.CopyTo(record);
        record[^1] = (byte)'\n';
        return record;
    }

    /// <summary>
    /// Parses the bytes of a lock file. <see cref="LockRead.Empty"/> when it holds nothing (a released lock), <see cref="LockRead.Corrupt"/>
    /// when it holds something that is not a record (a torn write, a foreign file, an older format).
    /// </summary>
    public static (LockRead Kind, LockHolder? Holder) Parse(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).Trim(' ', '\n', '\r', '\t', '\0');
        if (text.Length == 0)
        {
            return (LockRead.Empty, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("pid", out var pidValue) || pidValue.ValueKind != JsonValueKind.Number || !pidValue.TryGetInt32(out var pid) || pid <= 0
                || !TryString(root, "host", out var host) || string.IsNullOrWhiteSpace(host) || host.Any(char.IsControl)
                || !TryString(root, "started", out var startedText) || !TryString(root, "heartbeat", out var heartbeatText)
                || !DateTimeOffset.TryParse(startedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
                || !DateTimeOffset.TryParse(heartbeatText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var heartbeat))
            {
                return (LockRead.Corrupt, null);
            }

            return (LockRead.Holder, new LockHolder(pid, host, started, heartbeat));
        }
        catch (JsonException)
        {
            return (LockRead.Corrupt, null);
        }
    }

    private static bool TryString(JsonElement root, string name, out string value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : "";
        return value.Length > 0;
    }

    /// <summary>Reads the holder recorded in <paramref name="lockFile"/> (for the waiting notice); null when there is none or it makes no sense.</summary>
    public static LockHolder? TryRead(string lockFile)
    {
        var bytes = OperatingSystem.IsWindows() ? null : UnixRead.TryReadPrefix(lockFile, RecordBytes * 2);
        return bytes is null ? null : Parse(bytes).Holder;
    }

    private static string HostName()
    {
        try
        {
            var name = Environment.MachineName;
            return string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "unknown" : name;
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Plain open(2)/read(2): .NET's own file APIs take a shared flock on every open, which the holder's exclusive
    /// one refuses, so a FileStream cannot read a held lock file.
    /// </summary>
    private static unsafe class UnixRead
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(byte* path, int flags);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        private static extern nint Read(int fd, byte* buffer, nint count);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int Close(int fd);

        public static byte[]? TryReadPrefix(string path, int max)
        {
            try
            {
                var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
                var buffer = new byte[max];
                int fd;
                fixed (byte* p = pathBytes)
                {
                    fd = Open(p, 0);
                }

                if (fd < 0)
                {
                    return null;
                }

                try
                {
                    nint n;
                    fixed (byte* b = buffer)
                    {
                        n = Read(fd, b, max);
                    }

                    return n <= 0 ? null : buffer[..(int)n];
                }
                finally
                {
                    _ = Close(fd);
                }
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
        }
    }
}

/// <summary>What a lock file held when it was read.</summary>
internal enum LockRead
{
    /// <summary>Nothing: a lock released by its holder, or never taken.</summary>
    Empty,

    /// <summary>A holder record.</summary>
    Holder,

    /// <summary>Bytes that are not a holder record.</summary>
    Corrupt,
}
