using System.Diagnostics;
using System.Text;
using DataTasks.Core.Patterns;

namespace DataTasks.Core.Tests.Patterns;

/// <summary>
/// What .NET on Linux does with a file name that is not valid UTF-8, and so what pattern matching can see: the
/// enumeration decodes the name with U+FFFD for each bad byte, the raw bytes are not available, and the decoded
/// name does not reach the file (it encodes back to EF BF BD). Patterns still match the bytes they are given.
/// </summary>
[TestClass]
public sealed class NonUtf8FileNameTests
{
    [TestMethod]
    public void DotNetEnumeration_ShowsReplacementCharacters_AndCannotOpenTheName()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dt-nonutf8-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            // .NET cannot create such a name itself (every string encodes to valid UTF-8), so the shell does.
            Sh(dir, "printf x > \"$(printf 'caf\\351.bin')\"");

            string name = Path.GetFileName(Directory.EnumerateFiles(dir).Single());
            Assert.AreEqual("caf\uFFFD.bin", name);
            Assert.IsFalse(File.Exists(Path.Combine(dir, name)), "the decoded name is not the file's name");

            // Matching sees what .NET gives: "*.bin" still matches, "caf?.bin" (one byte in git) does not.
            var list = PatternList.Parse("*.bin\n");
            Assert.IsTrue(list.IsMatch(name));
            var exact = PatternList.Parse([.. "caf?.bin\n"u8]);
            Assert.IsFalse(exact.IsMatch(name), "U+FFFD is three bytes");
            Assert.IsTrue(exact.IsMatch([.. "caf"u8, 0xE9, .. ".bin"u8]), "given the real bytes, '?' matches the one byte");
            Assert.AreEqual(3, Encoding.UTF8.GetByteCount("\uFFFD"));
        }
        finally
        {
            // Directory.Delete fails too ("Directory not empty"): it cannot name the file either.
            Sh(Path.GetTempPath(), "rm -rf -- \"$0\"", dir);
        }
    }

    private static void Sh(string workingDirectory, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("sh") { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var sh = Process.Start(psi)!;
        Assert.IsTrue(sh.WaitForExit(30_000), "sh did not finish");
        Assert.AreEqual(0, sh.ExitCode, sh.StandardError.ReadToEnd());
    }
}
