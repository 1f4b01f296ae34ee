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

    /// <summary>What <see cref="Read"/> returns when libc has no statx at all.</summary>
    public const int NoEntryPoint = -1;

    /// <summary>errno when the kernel has no statx.</summary>
    public const int ENOSYS = 38;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Call(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>Fills <paramref name="buffer"/>; returns 0, an errno, or <see cref="NoEntryPoint"/>.</summary>
    public static int Read(string path, bool followLink, byte* buffer)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> pathBytes = maxBytes <= 1024 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var n = Encoding.UTF8.GetBytes(path, pathBytes);
        pathBytes[n] = 0;
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
