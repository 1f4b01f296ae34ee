using System.Security.Cryptography;
using System.Text;
using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Storage;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Hashing;

[TestClass]
public sealed class ContentHasherTests
{
    [TestMethod]
    [DataRow("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DisplayName = "empty")]
    [DataRow("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DisplayName = "abc")]
    [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", DisplayName = "448 bits")]
    public void HashFile_KnownVectors(string content, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("f", Encoding.ASCII.GetBytes(content));

        var (key, size) = ContentHasher.HashFile(file);

        Assert.AreEqual(expected, key);
        Assert.AreEqual(content.Length, size);
    }

    [TestMethod]
    public void HashFile_OneMillionA_KnownVector()
    {
        using var dir = new TempDir();
        var file = dir.Write("f", Enumerable.Repeat((byte)'a', 1_000_000).ToArray());

        Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", ContentHasher.HashFile(file).Key);
    }

    [TestMethod]
    [DataRow(ContentHasher.BufferSize - 1)]
    [DataRow(ContentHasher.BufferSize)]
    [DataRow(ContentHasher.BufferSize + 1)]
    [DataRow((3 * ContentHasher.BufferSize) + 12_345)]
    public void HashFile_AcrossBufferBoundaries_MatchesSha256HashData(int length)
    {
        using var dir = new TempDir();
        var bytes = TestBytes.Seeded(length, seed: length);
        var file = dir.Write("big.bin", bytes);

        var (key, size) = ContentHasher.HashFile(file);

        Assert.AreEqual(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), key);
        Assert.AreEqual(length, size);
        Assert.IsTrue(ContentKey.IsValid(key));
    }

    [TestMethod]
    public void HashFile_CancelledToken_Throws()
    {
        using var dir = new TempDir();
        var file = dir.Write("f", TestBytes.Seeded(1000, 1));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsExactly<OperationCanceledException>(() => ContentHasher.HashFile(file, cts.Token));
    }

    [TestMethod]
    public void HashFile_MissingFile_ThrowsFileNotFound()
    {
        using var dir = new TempDir();
        Assert.ThrowsExactly<FileNotFoundException>(() => ContentHasher.HashFile(dir.Combine("nope")));
    }

    [TestMethod]
    public void HashStable_ReturnsKeyAndTheStatItBelongsTo()
    {
        using var dir = new TempDir();
        var bytes = TestBytes.Seeded((2 * ContentHasher.BufferSize) + 7, 2);
        var file = dir.Write("f", bytes);

        var (key, stat) = ContentHasher.HashStable(file);

        Assert.AreEqual(TestHash.Sha256(bytes), key);
        Assert.AreEqual(FileStat.TryGet(file), stat);
        Assert.AreEqual(bytes.Length, stat.Size);
    }

    [TestMethod]
    public void HashStable_MissingFile_ThrowsFileNotFound()
    {
        using var dir = new TempDir();
        Assert.ThrowsExactly<FileNotFoundException>(() => ContentHasher.HashStable(dir.Combine("nope")));
    }

    [TestMethod]
    public void ToKey_IsLowercaseHexAndResets()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("abc"u8);
        Assert.AreEqual(TestData.AbcKey, ContentHasher.ToKey(hash));
        Assert.AreEqual(ContentKey.Empty, ContentHasher.ToKey(hash), "the hash is reset after a key is taken");
    }

    [TestMethod]
    public async Task HashingStream_HashesWhatPassesThroughAndReportsBytes()
    {
        var bytes = TestBytes.Seeded((ContentHasher.BufferSize * 2) + 3, 3);
        using var sink = new MemoryStream();
        long reported = 0;
        using var hashing = new HashingStream(sink, n => reported += n);

        await HashingStream.CopyAsync(new MemoryStream(bytes), hashing, CancellationToken.None);
        hashing.Write(bytes, 0, 0);

        Assert.AreEqual(TestHash.Sha256(bytes), hashing.FinishKey());
        Assert.AreEqual(bytes.Length, hashing.BytesWritten);
        Assert.AreEqual(bytes.Length, reported);
        CollectionAssert.AreEqual(bytes, sink.ToArray());
        Assert.IsFalse(hashing.CanRead);
        Assert.ThrowsExactly<NotSupportedException>(() => hashing.Seek(0, SeekOrigin.Begin));
    }
}
