using DataTasks.Core;

namespace DataTasks.Tests;

/// <summary>Resolve expands templates by the grammar the analyzer and 'check' match with (PathTemplateSyntax): the same edge cases.</summary>
[TestClass]
public sealed class TemplateGrammarResolveTests
{
    [TestMethod]
    [DataRow("data/{model", "without a closing '}'")]
    [DataRow("data/{}/x.bin", "empty placeholder")]
    [DataRow("data/{a/b}.bin", "without a closing '}'")]
    [DataRow("data/{a{b}.bin", "without a closing '}'")]
    public async Task ATemplateOutsideTheGrammar_IsDT0803(string template, string why)
    {
        using var repo = new RuntimeRepo();
        var ex = await Assert.ThrowsExactlyAsync<ArgumentException>(() => repo.Resolver().ResolveAsync(template, null, new Dictionary<string, object?> { ["model"] = "m", ["a"] = "x" }));
        StringAssert.StartsWith(ex.Message, ErrorCodes.TemplateInvalid + ": ");
        StringAssert.Contains(ex.Message, why);
    }

    [TestMethod]
    public async Task PlaceholdersInsideASegment_AndALoneClosingBrace_Expand()
    {
        using var repo = new RuntimeRepo();
        var bytes = repo.AddPushed("data/v2-final}.bin", 100, 51);
        var path = await repo.Resolver().ResolveAsync("data/v{n}-final}.bin", null, new { n = 2 });
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path));
    }
}
