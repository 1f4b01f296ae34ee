using System.Runtime.InteropServices;

namespace DataTasks.Core.Hashing;

/// <summary>
/// A SHA-256 held as its 32 bytes in place (no array, no string): the stat cache keeps 100,000 of them and turns one
/// into hex text only when it is asked for.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Sha256Bytes(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The hash from exactly 32 bytes.</summary>
    public static Sha256Bytes From(ReadOnlySpan<byte> bytes) => MemoryMarshal.Read<Sha256Bytes>(bytes[..32]);

    /// <summary>The hash from 64 hex digits (either case); anything else is a <see cref="FormatException"/>.</summary>
    public static Sha256Bytes FromHex(string hex)
    {
        if (hex.Length != 64)
        {
            throw new FormatException("a SHA-256 is 64 hex digits");
        }

        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 32; i++)
        {
            bytes[i] = (byte)((Digit(hex[2 * i]) << 4) | Digit(hex[(2 * i) + 1]));
        }

        return From(bytes);
    }

    /// <summary>Copies the 32 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => MemoryMarshal.Write(destination, in this);

    /// <summary>True when <paramref name="hex"/> is this hash's lowercase hex text (compared without making a string).</summary>
    public bool IsHex(string hex)
    {
        if (hex.Length != 64)
        {
            return false;
        }

        const string digits = "0123456789abcdef";
        var value = this;
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1));
        for (var i = 0; i < 32; i++)
        {
            if (hex[2 * i] != digits[bytes[i] >> 4] || hex[(2 * i) + 1] != digits[bytes[i] & 0xF])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The lowercase hex text, as manifests and the remote store it.</summary>
    public string ToHex() => string.Create(64, this, static (chars, value) =>
    {
        const string digits = "0123456789abcdef";
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1));
        for (var i = 0; i < 32; i++)
        {
            chars[2 * i] = digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }
    });

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new FormatException("not a hex digit"),
    };
}
