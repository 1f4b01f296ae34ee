using System.Text;
using DataTasks.Core.History;

namespace DataTasks.Core.Tests.History;

/// <summary>Searching a stream for a few keys, window by window, finds exactly what searching all its bytes finds.</summary>
[TestClass]
public sealed class WantedKeysStreamTests
{
    private static string Key(int i) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))).ToLowerInvariant();

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(-1)]
    [DataRow(-63)]
    [DataRow(-64)]
    [DataRow(-65)]
    [DataRow(-66)]
    [DataRow(30)]
    public void KeysAcrossWindowEdges_AreJudgedWithTheirNeighbours(int shift)
    {
        const int Window = 1 << 20;
        var text = new byte[(3 * Window) + 500];
        text.AsSpan().Fill((byte)' ');
        var keys = Enumerable.Range(0, 8).Select(Key).ToList();

        // Alone at a window edge (found), glued to a hex digit on either side (not found), at both ends of the text.
        Plant(text, Window + shift, keys[0]);
        Plant(text, (2 * Window) + shift, keys[1]);
        text[(2 * Window) + shift - 1] = (byte)'a';
        Plant(text, Window + 200 + shift, keys[2]);
        text[Window + 200 + shift + 64] = (byte)'0';
        Plant(text, 0, keys[3]);
        Plant(text, text.Length - 64, keys[4]);
        Plant(text, (3 * Window) + 64 + 1 + shift, keys[5]);
        var wanted = keys.Select(Encoding.ASCII.GetBytes).ToList();

        var expected = new HashSet<string>(StringComparer.Ordinal);
        ReferencedKeys.AddWantedKeysIn(text, wanted, expected);
        var streamed = new HashSet<string>(StringComparer.Ordinal);
        ReferencedKeys.AddWantedKeysIn(new MemoryStream(text), wanted, streamed);

        CollectionAssert.AreEquivalent(new[] { keys[0], keys[3], keys[4], keys[5] }, expected.ToList());
        CollectionAssert.AreEquivalent(expected.ToList(), streamed.ToList());
    }

    [TestMethod]
    public void EmptyAndShortStreams_FindWhatTheyHold()
    {
        var key = Key(1);
        var found = new HashSet<string>(StringComparer.Ordinal);
        ReferencedKeys.AddWantedKeysIn(new MemoryStream([]), [Encoding.ASCII.GetBytes(key)], found);
        Assert.AreEqual(0, found.Count);
        ReferencedKeys.AddWantedKeysIn(new MemoryStream(Encoding.ASCII.GetBytes("\"" + key + "\"")), [Encoding.ASCII.GetBytes(key)], found);
        CollectionAssert.AreEqual(new[] { key }, found.ToList());
    }

    private static void Plant(byte[] text, int at, string key) => Encoding.ASCII.GetBytes(key).CopyTo(text, at);
}
