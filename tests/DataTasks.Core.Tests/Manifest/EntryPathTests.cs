using DataTasks.Core.Manifest;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

[TestClass]
public sealed class EntryPathTests
{
    [TestMethod]
    [DataRow("a.bin")]
    [DataRow("data/sub/file.bin")]
    [DataRow("data/ümlaut.bin")]
    public void ToFullPath_JoinsUnderRootWithPlatformSeparators(string entryPath)
    {
        using var dir = new TempDir();
        var full = EntryPath.ToFullPath(dir.Path, entryPath);

        Assert.AreEqual(Path.Join(dir.Path, entryPath.Replace('/', Path.DirectorySeparatorChar)), full);
        Assert.AreEqual(entryPath, EntryPath.FromFullPath(dir.Path, full), "FromFullPath inverts ToFullPath");
    }

    [TestMethod]
    public void FromFullPath_InsideRoot_GivesSlashPath()
    {
        using var dir = new TempDir();
        var root = dir.Path;

        Assert.AreEqual(string.Empty, EntryPath.FromFullPath(root, root));
        Assert.AreEqual(string.Empty, EntryPath.FromFullPath(root, root + Path.DirectorySeparatorChar));
        Assert.AreEqual("data", EntryPath.FromFullPath(root, Path.Join(root, "data") + Path.DirectorySeparatorChar));
        Assert.AreEqual("a/b/c.bin", EntryPath.FromFullPath(root, Path.Join(root, "a", "b", "c.bin")));
        Assert.AreEqual("a/c.bin", EntryPath.FromFullPath(root, Path.Join(root, "a", "b", "..", "c.bin")), "'..' inside the root is resolved");
        Assert.AreEqual("a/c.bin", EntryPath.FromFullPath(root, Path.Join(root, "a", ".", "c.bin")));
        Assert.AreEqual("..hidden", EntryPath.FromFullPath(root, Path.Join(root, "..hidden")), "a name starting with '..' is inside");
        Assert.AreEqual("x", EntryPath.FromFullPath(root + Path.DirectorySeparatorChar, Path.Join(root, "x")), "a root with a trailing separator");
    }

    [TestMethod]
    public void FromFullPath_OutsideRoot_IsNull()
    {
        using var dir = new TempDir();
        var root = Path.Join(dir.Path, "repo");

        Assert.IsNull(EntryPath.FromFullPath(root, dir.Path));
        Assert.IsNull(EntryPath.FromFullPath(root, Path.Join(dir.Path, "other", "x")));
        Assert.IsNull(EntryPath.FromFullPath(root, root + "2"), "a sibling sharing the root's name as a prefix");
        Assert.IsNull(EntryPath.FromFullPath(root, Path.Join(root + "2", "x")));
        Assert.IsNull(EntryPath.FromFullPath(root, Path.Join(root, "..", "x")));
        Assert.IsNull(EntryPath.FromFullPath(root, Path.GetPathRoot(root)!));
    }

    [TestMethod]
    public void FromFullPath_RelativePath_IsResolvedAgainstTheCurrentDirectory()
    {
        var cwd = Directory.GetCurrentDirectory();
        Assert.AreEqual("x/y", EntryPath.FromFullPath(cwd, Path.Join("x", "y")));
    }

    [TestMethod]
    public void Validate_ReturnsAReasonPerRule()
    {
        Assert.Contains("empty", EntryPath.Validate("")!);
        Assert.Contains("relative", EntryPath.Validate("/a")!);
        Assert.Contains("'/'", EntryPath.Validate("a\\b")!);
        Assert.Contains("drive", EntryPath.Validate("C:/x")!);
        Assert.Contains("control", EntryPath.Validate("a\u0000b")!);
        Assert.Contains("empty segment", EntryPath.Validate("a//b")!);
        Assert.Contains("'..'", EntryPath.Validate("a/../b")!);
        Assert.Contains(".git", EntryPath.Validate(".git/config")!);
        Assert.Contains(".datatasks", EntryPath.Validate(".datatasks/config.json")!);
        Assert.Contains("itself", EntryPath.Validate("artifacts.json")!);
    }

    [TestMethod]
    public void Printable_ReplacesControlCharactersAndTruncates()
    {
        Assert.AreEqual("a?b?", EntryPath.Printable("a\u0001b\u007f"));
        var longText = new string('x', 300);
        var printed = EntryPath.Printable(longText);
        Assert.AreEqual(201, printed.Length);
        Assert.EndsWith("…", printed);
    }
}

[TestClass]
public sealed class ContentKeyTests
{
    [TestMethod]
    [DataRow(ContentKey.Empty)]
    [DataRow(TestData.AbcKey)]
    [DataRow("0000000000000000000000000000000000000000000000000000000000000000")]
    [DataRow("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void IsValid_LowercaseHex64_IsTrue(string key)
    {
        Assert.IsTrue(ContentKey.IsValid(key));
        ContentKey.EnsureValid(key, "p");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("abc")]
    [DataRow("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85-")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85١")]
    public void IsValid_Other_IsFalseAndEnsureValidThrows(string key)
    {
        Assert.IsFalse(ContentKey.IsValid(key));
        var ex = TestData.ThrowsCode(ErrorCodes.ManifestInvalidKey, () => ContentKey.EnsureValid(key, "data/x", "src.json"));
        Assert.StartsWith("src.json: entry 'data/x'", ex.Message);
    }

    [TestMethod]
    public void IsValid_Null_IsFalse() => Assert.IsFalse(ContentKey.IsValid(null));

    [TestMethod]
    public void Empty_IsTheSha256OfNoBytes() => Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentKey.Empty);
}
