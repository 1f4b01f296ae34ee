using System.Runtime.Versioning;

namespace DataTasks.TestSupport;

/// <summary>What the link-mode tests need of Linux: the platform check and the write bits a shared object must lack.</summary>
public static class LinuxFiles
{
    /// <summary>Every write bit: a file shared with the machine cache (a hard link, a symlink's target) has none.</summary>
    public const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Fails the test on another platform, saying why, rather than passing without checking anything. Call it from a
    /// [TestInitialize].
    /// </summary>
    /// <param name="why">What the tests read that only Linux has, e.g. "the link checks read statx".</param>
    public static void Require(string why)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Fail($"these tests need Linux: {why}");
        }
    }

    /// <summary>True when no write bit of <paramref name="path"/> is set.</summary>
    /// <param name="path">The file.</param>
    [SupportedOSPlatform("linux")]
    public static bool IsReadOnly(string path) => (File.GetUnixFileMode(path) & WriteBits) == 0;
}
