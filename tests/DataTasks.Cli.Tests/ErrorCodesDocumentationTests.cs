using System.Reflection;
using System.Text.RegularExpressions;
using DataTasks.Core;

namespace DataTasks.Cli.Tests;

/// <summary>Spec 4: every error code the engine defines is documented in docs/errors.md.</summary>
[TestClass]
public sealed partial class ErrorCodesDocumentationTests
{
    [GeneratedRegex(@"^DT\d{4}$")]
    private static partial Regex CodePattern();

    [TestMethod]
    public void EveryErrorCode_IsDocumentedInDocsErrorsMd()
    {
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Name: f.Name, Code: (string)f.GetRawConstantValue()!))
            .ToList();
        Assert.IsTrue(codes.Count >= 20, $"reflection found only {codes.Count} codes");
        foreach (var (name, code) in codes)
        {
            Assert.IsTrue(CodePattern().IsMatch(code), $"ErrorCodes.{name} = '{code}' is not DTnnnn");
        }

        Assert.AreEqual(codes.Count, codes.Select(c => c.Code).Distinct().Count(), "two ErrorCodes constants share a code");

        var solutionRoot = SolutionRoot.Find();
        var doc = Path.Join(solutionRoot, "docs", "errors.md");
        Assert.IsTrue(File.Exists(doc), $"{doc} does not exist");
        var text = File.ReadAllText(doc);
        var undocumented = codes.Where(c => !Regex.IsMatch(text, $@"\b{c.Code}\b")).Select(c => $"{c.Code} ({c.Name})").ToList();
        Assert.AreEqual(0, undocumented.Count, $"not in docs/errors.md: {string.Join(", ", undocumented)}");
    }
}
