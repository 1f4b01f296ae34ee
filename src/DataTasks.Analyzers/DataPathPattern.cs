using System;
using System.Collections.Generic;
using System.Linq;

namespace DataTasks.Analyzers;

/// <summary>Whether a path or template names a manifest entry; shared by the analyzer and <c>dotnet data check</c>.</summary>
public static class DataPathPattern
{
    /// <summary>True when <paramref name="path"/> is an entry, or for a template when some entry fits it ({name} is one segment).</summary>
    public static bool Matches(IReadOnlyCollection<string> paths, string path, bool template)
    {
        if (!template || path.IndexOf('{') < 0)
        {
            return paths is ISet<string> set ? set.Contains(path) : paths.Contains(path, StringComparer.Ordinal);
        }

        var pattern = path.Split('/');
        foreach (var candidate in paths)
        {
            var segments = candidate.Split('/');
            if (segments.Length != pattern.Length)
            {
                continue;
            }

            var all = true;
            for (var i = 0; i < segments.Length && all; i++)
            {
                all = SegmentMatches(pattern[i], segments[i]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Matches one segment where each {placeholder} stands for one or more characters.</summary>
    private static bool SegmentMatches(string pattern, string segment)
    {
        var open = pattern.IndexOf('{');
        if (open < 0)
        {
            return pattern == segment;
        }

        var close = pattern.IndexOf('}', open);
        if (close < 0)
        {
            return pattern == segment;
        }

        var prefix = pattern.Substring(0, open);
        var rest = pattern.Substring(close + 1);
        if (!segment.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var end = segment.Length; end > prefix.Length; end--)
        {
            if (SegmentMatches(rest, segment.Substring(end)))
            {
                return true;
            }
        }

        return false;
    }
}
