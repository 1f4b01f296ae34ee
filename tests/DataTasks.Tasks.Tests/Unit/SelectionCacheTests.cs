namespace DataTasks.Tasks.Tests.Unit;

[TestClass]
public sealed class SelectionCacheTests
{
    [TestMethod]
    public void Escape_UsesMSBuildEscapes_ForCharactersMSBuildWouldExpandOrSplit() =>
        Assert.AreEqual("/d/a%3bb%25c%2a%3f%40%24%28x%29%27.bin", SelectionCache.Escape("/d/a;b%c*?@$(x)'.bin"));

    private static readonly string Root = Path.Join(Path.GetTempPath(), "dt-cache-root");

    private static Microsoft.Build.Utilities.TaskItem File(string entry, params (string Name, string Value)[] extra)
    {
        var metadata = new Dictionary<string, string>
        {
            ["CopyToOutputDirectory"] = "PreserveNewest",
            ["CopyToPublishDirectory"] = "PreserveNewest",
            ["Visible"] = "true",
            ["TargetPath"] = entry,
        };
        foreach (var (name, value) in extra)
        {
            metadata[name] = value;
        }

        return new Microsoft.Build.Utilities.TaskItem(Path.Join(Root, entry), metadata);
    }

    [TestMethod]
    public void IsCompact_OnlyForTheOwnRepositorysFilesWithTheDefaultMetadata()
    {
        Assert.IsTrue(SelectionCache.IsCompact(File("data/a.bin"), Root));
        Assert.IsFalse(SelectionCache.IsCompact(File("data/a.bin"), string.Empty), "no own repository: nothing to make TargetPath relative to");
        Assert.IsFalse(SelectionCache.IsCompact(File("data/a.bin", ("TargetPath", "m/a.bin")), Root), "a Link or TargetPath of its own");
        Assert.IsFalse(SelectionCache.IsCompact(File("data/a.bin", ("CopyToOutputDirectory", "Always")), Root));
        Assert.IsFalse(SelectionCache.IsCompact(File("data/a.bin", ("Pack", "true")), Root), "any further metadata");
        Assert.IsFalse(SelectionCache.IsCompact(File("data/a.bin", ("Extern", "shared")), Root), "a namespace's file");
    }

    [TestMethod]
    public void Write_StoresCompactFilesAsPaths_AndTheRestAsItemsWithTheirMetadata()
    {
        var dir = Path.Join(Path.GetTempPath(), "dt-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = Path.Join(dir, "x.g.props");
            SelectionCache.Write(file, "42", Path.Join(dir, "s.stamp"), Root,
                [File("data/a;b.bin"), File("data/c.bin", ("Pack", "true"), ("PackagePath", "p/c.bin"))], []);
            var xml = System.Xml.Linq.XDocument.Load(file);
            var paths = xml.Descendants("_DataTasksCachedFiles").Single().Value;
            Assert.AreEqual(SelectionCache.Escape(Path.Join(Root, "data/a;b.bin")), paths.Trim());
            var item = xml.Descendants("_DataTasksCachedFile").Single();
            Assert.AreEqual(Path.Join(Root, "data/c.bin"), item.Attribute("Include")!.Value);
            Assert.AreEqual("p/c.bin", item.Element("PackagePath")!.Value);
            Assert.AreEqual("42", xml.Descendants("_DataTasksCachedFingerprint").Single().Value);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
