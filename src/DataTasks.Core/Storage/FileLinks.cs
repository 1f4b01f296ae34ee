using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DataTasks.Core.Storage;

/// <summary>
/// The operating system calls behind the link modes: hard links (link(2), CreateHardLinkW) and copy-on-write clones
/// (the FICLONE ioctl on Linux). Each returns false where the file system or platform cannot do it, so the caller
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

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, int argument);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateHardLinkW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateHardLinkW(string fileName, string existingFileName, IntPtr securityAttributes);
}
