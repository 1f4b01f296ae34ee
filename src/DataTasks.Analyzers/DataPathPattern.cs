using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DataTasks.Analyzers;

/// <summary>
/// Whether a path or template names a manifest entry; shared by the analyzer and <c>dotnet data check</c> (linked into
/// the CLI as source). Templates follow <see cref="PathTemplateSyntax"/>, the grammar Resolve expands with.
/// </summary>
internal static class DataPathPattern
{
    /// <summary>
    /// True when <paramref name="path"/> is an entry, or for a template when some entry fits it (each {name} stands for
    /// one or more characters of one segment). A template Resolve would refuse (an unclosed '{', an empty '{}') fits none.
    /// </summary>
    public static bool Matches(IReadOnlyCollection<string> paths, string path, bool template)
    {
        if (!template || path.IndexOf('{') < 0)
        {
            return paths is ISet<string> set ? set.Contains(path) : paths.Contains(path, StringComparer.Ordinal);
        }

        if (PathTemplateSyntax.Parse(path, out _) is not { } parts)
        {
            return false;
        }

        var pattern = new StringBuilder("^");
        foreach (var part in parts)
        {
            pattern.Append(part.IsPlaceholder ? "[^/]+" : Regex.Escape(part.Value));
        }

        var regex = new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
        return paths.Any(regex.IsMatch);
    }
}
