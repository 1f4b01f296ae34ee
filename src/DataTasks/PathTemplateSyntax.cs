using System.Collections.Generic;
using System.Text;

namespace DataTasks;

/// <summary>
/// The <c>{placeholder}</c> grammar of Resolve's path templates (<c>data/{model}/{version}/model.pt</c>), the one source
/// that <c>Resolve</c> expands with and the analyzer and <c>dotnet data check</c> match with. The analyzer is
/// netstandard2.0 and cannot reference Core or this library, so this file is linked into it as source: the three can
/// never disagree on what a template means.
/// </summary>
/// <remarks>
/// A placeholder is <c>{</c>, a non-empty name, <c>}</c>, within one path segment: its name holds no <c>{</c>, <c>/</c>
/// or <c>\</c>. A <c>{</c> that is not closed so is an invalid template; a <c>}</c> outside a placeholder is text.
/// </remarks>
internal static class PathTemplateSyntax
{
    /// <summary>
    /// Splits <paramref name="template"/> into text and placeholders; null, with <paramref name="problem"/> saying why
    /// (a phrase that follows "path template '…'"), when it does not follow the grammar.
    /// </summary>
    public static List<TemplatePart>? Parse(string template, out string? problem)
    {
        var parts = new List<TemplatePart>();
        var text = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '{')
            {
                text.Append(c);
                i++;
                continue;
            }

            var close = i + 1;
            while (close < template.Length && template[close] is not ('}' or '{' or '/' or '\\'))
            {
                close++;
            }

            if (close >= template.Length || template[close] != '}')
            {
                problem = $"has a '{{' at position {i} without a closing '}}' in the same path segment";
                return null;
            }

            if (close == i + 1)
            {
                problem = $"has an empty placeholder '{{}}' at position {i}";
                return null;
            }

            if (text.Length > 0)
            {
                parts.Add(new TemplatePart(text.ToString(), isPlaceholder: false));
                text.Clear();
            }

            parts.Add(new TemplatePart(template.Substring(i + 1, close - i - 1), isPlaceholder: true));
            i = close + 1;
        }

        if (text.Length > 0)
        {
            parts.Add(new TemplatePart(text.ToString(), isPlaceholder: false));
        }

        problem = null;
        return parts;
    }
}

/// <summary>One piece of a parsed template: text as written, or the name of a placeholder.</summary>
internal readonly struct TemplatePart
{
    public TemplatePart(string value, bool isPlaceholder)
    {
        Value = value;
        IsPlaceholder = isPlaceholder;
    }

    /// <summary>The text, or the placeholder's name (without braces).</summary>
    public string Value { get; }

    /// <summary>True for <c>{name}</c>.</summary>
    public bool IsPlaceholder { get; }
}
