namespace DataTasks.TestSupport;

/// <summary>Deterministic test content.</summary>
public static class TestBytes
{
    private const int Block = 64 * 1024;

    /// <summary>
    /// Deterministic incompressible bytes, distinct per seed: a seeded 64 KB random block, repeated with every 64 KB
    /// chunk stamped with the seed and the chunk number (seeded System.Random is too slow for hundreds of MB).
    /// </summary>
    public static byte[] Seeded(int size, int seed)
    {
        var block = new byte[Math.Min(size, Block)];
        new Random(seed).NextBytes(block);
        var bytes = new byte[size];
        for (int offset = 0, chunk = 0; offset < size; offset += Block, chunk++)
        {
            var n = Math.Min(Block, size - offset);
            block.AsSpan(0, n).CopyTo(bytes.AsSpan(offset, n));
            if (n >= 8)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(offset, 4), seed);
                BitConverter.TryWriteBytes(bytes.AsSpan(offset + 4, 4), chunk);
            }
        }

        return bytes;
    }
}
