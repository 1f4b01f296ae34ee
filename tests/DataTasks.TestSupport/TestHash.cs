using System.Security.Cryptography;

namespace DataTasks.TestSupport;

/// <summary>SHA-256 as the engine's keys spell it (lowercase hex), computed independently of the engine.</summary>
public static class TestHash
{
    /// <summary>The key of <paramref name="bytes"/>.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The key of the file at <paramref name="path"/>.</summary>
    public static string Sha256File(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
