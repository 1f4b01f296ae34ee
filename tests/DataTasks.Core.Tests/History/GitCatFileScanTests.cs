using System.Text;
using DataTasks.Core.History;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.History;

/// <summary>Scanning cat-file's answers as streams sees exactly the bytes a whole read gets, object by object.</summary>
[TestClass]
public sealed class GitCatFileScanTests
{
    [TestMethod]
    public async Task ScanAllAsync_GivesEachKnownObjectsBytes_InOrder_AndSkipsUnknownOnes()
    {
        using var dir = new TempDir();
        await GitProcess.RunAsync(dir.Path, ["init", "-q"], CancellationToken.None);
        var large = TestBytes.Seeded(3 << 20, 5);
        var names = new List<string>();
        foreach (var content in new[] { large, Encoding.UTF8.GetBytes("small\n"), [] })
        {
            var file = dir.Write($"blob{names.Count}", "");
            await File.WriteAllBytesAsync(file, content);
            names.Add(GitProcess.Text(await GitProcess.RunAsync(dir.Path, ["hash-object", "-w", file], CancellationToken.None)).Trim());
        }

        names.Insert(1, new string('0', 40)); // unknown
        var whole = new List<byte[]>();
        await foreach (var (_, content) in GitCatFile.ReadAllAsync(dir.Path, names, CancellationToken.None))
        {
            if (content is not null)
            {
                whole.Add(content);
            }
        }

        var scanned = new List<byte[]>();
        var first = true;
        var found = await GitCatFile.ScanAllAsync(dir.Path, names, stream =>
        {
            if (first)
            {
                // A scan that stops early must not shift the next answer.
                first = false;
                var part = new byte[1000];
                stream.ReadExactly(part);
                scanned.Add(part);
                return;
            }

            var copy = new MemoryStream();
            stream.CopyTo(copy);
            scanned.Add(copy.ToArray());
        }, CancellationToken.None);

        Assert.AreEqual(3, found);
        Assert.AreEqual(3, whole.Count);
        CollectionAssert.AreEqual(whole[0].AsSpan(0, 1000).ToArray(), scanned[0]);
        CollectionAssert.AreEqual(whole[1], scanned[1]);
        CollectionAssert.AreEqual(whole[2], scanned[2]);
    }
}
