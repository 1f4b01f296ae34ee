using System.Diagnostics;
using System.Text;
using DataTasks.Core.History;

namespace DataTasks.Core.Tests.History;

/// <summary>One cat-file process answers object ids and &lt;rev&gt;:&lt;path&gt; names in order, null for what git lacks.</summary>
[TestClass]
public sealed class GitCatFileTests
{
    [TestMethod]
    public async Task ReadAll_AnswersRevPathNames_InOrder_NullForMissing()
    {
        var dir = Directory.CreateTempSubdirectory("dt-catfile-").FullName;
        try
        {
            Git(dir, "init", "-q");
            File.WriteAllText(Path.Combine(dir, "a.txt"), "first");
            Git(dir, "add", "a.txt");
            Git(dir, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-qm", "one");
            File.WriteAllText(Path.Combine(dir, "a.txt"), "second, longer");
            Git(dir, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-qam", "two");

            var answers = new List<(string Name, byte[]? Content)>();
            await foreach (var answer in GitCatFile.ReadAllAsync(dir, ["HEAD~1:a.txt", "HEAD:missing.txt", "HEAD:a.txt"], CancellationToken.None))
            {
                answers.Add(answer);
            }

            Assert.HasCount(3, answers);
            Assert.AreEqual("first", Encoding.UTF8.GetString(answers[0].Content!));
            Assert.IsNull(answers[1].Content, "a path the commit lacks is null, and the stream stays in step");
            Assert.AreEqual("second, longer", Encoding.UTF8.GetString(answers[2].Content!));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, p.StandardError.ReadToEnd());
    }
}
