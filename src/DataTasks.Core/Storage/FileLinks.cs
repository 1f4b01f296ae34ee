using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DataTasks.Core.Storage;

/// <summary>
/// The operating system calls behind the link modes: hard links (link(2), CreateHardLinkW), copy-on-write clones
/// (the FICLONE ioctl on Linux) and kernel-side copies (copy_file_range on Linux). Each returns false where the file system or platform cannot do it, so the caller
/// falls back to the next mode; none throws for an unsupported operation.
/// </summary>
internal static partial class FileLinks
{
    private const ulong FicloneRequest = 0x40049409; // _IOW(0x94, 9, int)

    /// <summary>Makes <paramref name="newPath"/> a second name of <paramref name="existing"/>; false when it cannot (EXDEV, EPERM, EMLINK…).</summary>
    public static bool TryCreateHardLink(string existing, string newPath)
    {
        try
        {
            return OperatingSystem.IsWindows() ? CreateHardLinkW(newPath, existing, IntPtr.Zero) : Link(existing, newPath) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Clones all of <paramref name="source"/> into the empty <paramref name="destination"/> sharing its blocks (btrfs,
    /// XFS with reflink, bcachefs); false on file systems without clones (ext4, tmpfs) or across file systems.
    /// </summary>
    public static bool TryClone(SafeFileHandle source, SafeFileHandle destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Ioctl((int)destination.DangerousGetHandle(), FicloneRequest, (int)source.DangerousGetHandle()) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies the first <paramref name="length"/> bytes of <paramref name="source"/> into the empty
    /// <paramref name="destination"/> inside the kernel (copy_file_range(2), what `cp` uses): no pass through user space.
    /// False when nothing could be copied that way (not Linux, another file system on an old kernel, a file system
    /// without it), so the caller copies itself; an error after some bytes were copied is an <see cref="IOException"/>.
    /// </summary>
    public static bool TryCopyRange(SafeFileHandle source, SafeFileHandle destination, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        long inOffset = 0;
        long outOffset = 0;
        try
        {
            while (inOffset < length)
            {
                var chunk = (nuint)Math.Min(length - inOffset, 1L << 30);
                var copied = CopyFileRange((int)source.DangerousGetHandle(), ref inOffset, (int)destination.DangerousGetHandle(), ref outOffset, chunk, 0);
                if (copied < 0)
                {
                    if (inOffset == 0)
                    {
                        return false;
                    }

                    throw new IOException($"copy_file_range failed after {inOffset} bytes (errno {Marshal.GetLastPInvokeError()})");
                }

                if (copied == 0)
                {
                    break; // the source is shorter than expected: the caller's length check reports it
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(int inFd, ref long inOffset, int outFd, ref long outOffset, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, int argument);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateHardLinkW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateHardLinkW(string fileName, string existingFileName, IntPtr securityAttributes);
}
