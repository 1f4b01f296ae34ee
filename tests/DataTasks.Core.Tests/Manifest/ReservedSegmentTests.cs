using DataTasks.Core.Manifest;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Tests.TestSupport;

namespace DataTasks.Core.Tests.Manifest;

/// <summary>
/// Entry paths may not name git's control files (or DataTasks' state folder) in any segment, nor any name that
/// Windows (NTFS) or macOS (HFS+) resolves to one of them, the way git's own verify_path refuses them.
/// </summary>
[TestClass]
public sealed class ReservedSegmentTests
{
    [TestMethod]
    // .git in any segment and any case.
    [DataRow("data/.git/config")]
    [DataRow("data/.git/HEAD")]
    [DataRow("data/sub/.GIT/hooks/pre-commit")]
    [DataRow("data/.Git")]
    [DataRow(".git/config")]
    // NTFS: trailing dots and spaces are dropped, an alternate data stream names the same file.
    [DataRow("data/.git./config")]
    [DataRow("data/.git /config")]
    [DataRow("data/.git . ./config")]
    [DataRow("data/.git::$INDEX_ALLOCATION/config")]
    [DataRow("data/.git:stream")]
    // NTFS 8.3 short name.
    [DataRow("data/GIT~1/config")]
    [DataRow("data/git~1")]
    [DataRow("data/Git~1. /config")]
    // HFS+ ignores these code points entirely.
    [DataRow("data/.g\u200Cit/config")]
    [DataRow("data/\u200D.git/config")]
    [DataRow("data/.git\u200E/config")]
    [DataRow("data/.gi\u200Ft/config")]
    [DataRow("data/.g\u202Ait/config")]
    [DataRow("data/.g\u202Eit/config")]
    [DataRow("data/.g\u206Ait/config")]
    [DataRow("data/.g\u206Fit/config")]
    [DataRow("data/.g\uFEFFit/config")]
    [DataRow("data/.G\u200CI\u200DT/config")]
    // .gitmodules, .gitattributes, .gitignore and their aliases.
    [DataRow("data/.gitmodules")]
    [DataRow("data/x/.GitModules")]
    [DataRow("data/.gitmodules.")]
    [DataRow("data/.gitmodules ")]
    [DataRow("data/.gitmodules:$DATA")]
    [DataRow("data/GITMOD~1")]
    [DataRow("data/gitmod~4")]
    [DataRow("data/GI7EBA~1")]
    [DataRow("data/gi7eba~9")]
    [DataRow("data/gi7eb~12")]
    [DataRow("data/.gitmod\u200Cules")]
    [DataRow("data/.gitattributes")]
    [DataRow("data/.GITATTRIBUTES. ")]
    [DataRow("data/gitatt~1")]
    [DataRow("data/gi7d29~1")]
    [DataRow("data/.git\uFEFFattributes")]
    [DataRow("data/.gitignore")]
    [DataRow("data/x/.gitignore.")]
    [DataRow("data/gitign~2")]
    [DataRow("data/gi250a~1")]
    [DataRow("data/.gitig\u200Dnore")]
    // DataTasks' own state folder, in any segment (a namespace repository below has one too).
    [DataRow("models/pesto/.datatasks/config.json")]
    [DataRow("data/.DataTasks/state/x")]
    [DataRow("data/.datatasks./x")]
    [DataRow("data/.data\u200Ctasks/x")]
    [DataRow("data/DATATA~1/x")]
    public void Validate_GitControlNamesAndTheirAliases_AreRefused(string path)
    {
        var reason = EntryPath.Validate(path);
        Assert.IsNotNull(reason, $"'{Escaped(path)}' was accepted");
        TestData.ThrowsCode(ErrorCodes.ManifestInvalidPath, () => EntryPath.EnsureValid(path));
    }

    [TestMethod]
    [DataRow("data/.gitx/config")]
    [DataRow("data/.git.bak/config")]
    [DataRow("data/git/config")]
    [DataRow("data/x.git/config")]
    [DataRow("data/git~1x")]
    [DataRow("data/git~2")]
    [DataRow("data/.gitmodules2")]
    [DataRow("data/gitmod~5")]
    [DataRow("data/gitmod~1x")]
    [DataRow("data/gi7eba~0")]
    [DataRow("data/gi7ebb~1")]
    [DataRow("data/gi7ebax~1")]
    [DataRow("data/.gitkeep")]
    [DataRow("data/.g\u00EFt/config")]
    [DataRow("data/.g\u200Bit/config")]
    [DataRow("data/repo.datatasks/x")]
    [DataRow("data/datatasks/x")]
    public void Validate_NamesThatOnlyLookSimilar_AreAccepted(string path) =>
        Assert.IsNull(EntryPath.Validate(path), $"'{Escaped(path)}' was refused");

    [TestMethod]
    public void Validate_NamesTheReservedNameInItsReason()
    {
        StringAssert.Contains(EntryPath.Validate("data/GIT~1/config"), ".git");
        StringAssert.Contains(EntryPath.Validate("data/gi7eba~1"), ".gitmodules");
        StringAssert.Contains(EntryPath.Validate("data/x/.gitattributes"), ".gitattributes");
    }

    [TestMethod]
    [DataRow("models/.git")]
    [DataRow("models/GIT~1/x")]
    [DataRow(".git")]
    [DataRow("a/.datatasks")]
    public void ExportMap_NamespacePathThroughAGitFolder_IsRefused(string path)
    {
        using var dir = new TempDir();
        var file = dir.Write("export.json", "{\"ns\": \"" + path + "\"}");
        var ex = TestData.ThrowsCode(ErrorCodes.ExportMapInvalid, () => ExportMap.Load(file));
        StringAssert.Contains(ex.Message, "ns");
    }

    private static string Escaped(string s) => string.Concat(s.Select(c => c > 0x7e ? $"\\u{(int)c:X4}" : c.ToString()));
}
