using DataTasks.Core.Lineage;

namespace DataTasks.Core.Tests.Lineage;

/// <summary>How node names are quoted for Graphviz and Mermaid, where a quote in a path would otherwise end the id.</summary>
[TestClass]
public sealed class LineageEscapingTests
{
    [TestMethod]
    [DataRow("data/a.bin", "\"data/a.bin\"")]
    [DataRow("data/my \"best\".bin", "\"data/my \\\"best\\\".bin\"")]
    [DataRow("ends in \\", "\"ends in \\\\\"")]
    [DataRow("two\nlines", "\"two\\nlines\"")]
    public void DotQuote_EscapesQuotesBackslashesAndLineBreaks(string text, string expected) =>
        Assert.AreEqual(expected, LineageDot.Quote(text));

    [TestMethod]
    [DataRow("data/a b.bin", "data/a b.bin")]
    [DataRow("say \"hi\" #1", "say #34;hi#34; #35;1")]
    [DataRow("<b>&`x`", "#60;b#62;#38;#96;x#96;")]
    public void MermaidEscape_TurnsSyntaxCharactersIntoEntities(string text, string expected) =>
        Assert.AreEqual(expected, LineageMermaid.Escape(text));

    [TestMethod]
    [DataRow(null, false, LineageFormat.Text)]
    [DataRow("mermaid", false, LineageFormat.Mermaid)]
    [DataRow(null, true, LineageFormat.Json)]
    [DataRow("json", true, LineageFormat.Json)]
    public void Format_DefaultsToTextAndTakesJsonAsASynonym(string? name, bool json, LineageFormat expected) =>
        Assert.AreEqual(expected, LineageRequest.Format(name, json));
}
