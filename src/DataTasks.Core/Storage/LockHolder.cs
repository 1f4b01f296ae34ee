using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace DataTasks.Core.Storage;

/// <summary>
/// Who holds a lock, as its holder wrote it into the lock file: a process id and a host name. Information for people
/// (the "waiting for a lock held by …" notice), never a reason to take or break a lock: the OS releases the lock
/// itself when its holder dies.
/// </summary>
internal sealed record LockHolder(int ProcessId, string Host)
{
    private const int MaxRecordBytes = 512;

    /// <summary>This process, as it records itself in a lock file it holds.</summary>
    public static LockHolder Current { get; } = new(Environment.ProcessId, HostName());

    /// <summary>The record written into the lock file: "pid host\n".</summary>
    public byte[] ToRecord() => Encoding.UTF8.GetBytes(ProcessId.ToString(CultureInfo.InvariantCulture) + " " + Host + "\n");

    /// <summary>Reads the holder recorded in <paramref name="lockFile"/>; null when it cannot be read or makes no sense.</summary>
    public static LockHolder? TryRead(string lockFile)
    {
        var bytes = OperatingSystem.IsWindows() ? null : UnixRead.TryReadPrefix(lockFile, MaxRecordBytes);
        if (bytes is null)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes).Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        var host = text[(space + 1)..].Trim();
        return host.Length == 0 || host.Any(char.IsControl) ? null : new LockHolder(pid, host);
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
