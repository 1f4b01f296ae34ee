using System.Runtime.InteropServices;
using System.Text;

namespace DataTasks.Core.Storage;

/// <summary>
/// One statx(2) call into a caller's 256-byte buffer: the stat cache (<see cref="FileStat"/>) and link detection
/// (<see cref="FileIdentity"/>) read different fields of the same struct, which has one layout on every architecture.
/// </summary>
internal static unsafe class Statx
{
    /// <summary>The size of struct statx that callers must provide.</summary>
    public const int BufferSize = 256;

    /// <summary>What <see cref="Read(string, bool, byte*)"/> returns when libc has no statx at all.</summary>
    public const int NoEntryPoint = -1;

    /// <summary>errno when the kernel has no statx.</summary>
    public const int ENOSYS = 38;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Call(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// Like <see cref="Read(string, bool, byte*)"/> for <paramref name="root"/> joined with <paramref name="relative"/>
    /// by '/' (the UTF-8 path is built on the stack: no full path string per file).
    /// </summary>
    public static int Read(string root, string relative, bool followLink, byte* buffer)
    {
        var trim = Path.EndsInDirectorySeparator(root) ? 1 : 0;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(root.Length + relative.Length + 1) + 1;
        Span<byte> pathBytes = maxBytes <= 2048 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var n = Encoding.UTF8.GetBytes(root.AsSpan(0, root.Length - trim), pathBytes);
        pathBytes[n++] = (byte)'/';
        n += Encoding.UTF8.GetBytes(relative, pathBytes[n..]);
        pathBytes[n] = 0;
        return Call(pathBytes, followLink, buffer);
    }

    /// <summary>Fills <paramref name="buffer"/>; returns 0, an errno, or <see cref="NoEntryPoint"/>.</summary>
    public static int Read(string path, bool followLink, byte* buffer)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> pathBytes = maxBytes <= 1024 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var n = Encoding.UTF8.GetBytes(path, pathBytes);
        pathBytes[n] = 0;
        return Call(pathBytes, followLink, buffer);
    }

    private static int Call(Span<byte> pathBytes, bool followLink, byte* buffer)
    {
        try
        {
            fixed (byte* p = pathBytes)
            {
                return Call(AtFdCwd, p, followLink ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return NoEntryPoint;
        }
    }
}
