using System.Text;

namespace DataTasks.Core.Tests.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted (read-only files included) on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "dt-core-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The absolute folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder ('/' separated parts).</summary>
    public string Combine(string relative) => System.IO.Path.Join(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
    public string Write(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Every file below the folder, as '/' paths relative to it, in ordinal order.</summary>
    public string[] AllFiles() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            try
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Small helpers shared by the tests.</summary>
internal static class TestData
{
    /// <summary>The SHA-256 of "abc".</summary>
    public const string AbcKey = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /// <summary>The lowercase hex SHA-256 of <paramref name="bytes"/>, computed independently of the engine.</summary>
    public static string KeyOf(byte[] bytes) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>Deterministic pseudo-random bytes.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Asserts that <paramref name="action"/> throws a <see cref="DataTasksException"/> with <paramref name="code"/>, and returns it.</summary>
    public static DataTasksException ThrowsCode(string code, Action action)
    {
        var ex = Assert.ThrowsExactly<DataTasksException>(action);
        Assert.AreEqual(code, ex.Code, ex.Message);
        return ex;
    }

    /// <summary>Async variant of <see cref="ThrowsCode"/>.</summary>
    public static async Task<DataTasksException> ThrowsCodeAsync(string code, Func<Task> action)
    {
        var ex = await Assert.ThrowsExactlyAsync<DataTasksException>(action);
        Assert.AreEqual(code, ex.Code, ex.Message);
        return ex;
    }
}
