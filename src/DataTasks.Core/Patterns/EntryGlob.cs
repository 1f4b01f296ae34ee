using DotNet.Globbing;

namespace DataTasks.Core.Patterns;

/// <summary>
/// A glob that selects manifest entries by their repository path, with MSBuild's Include rules: <c>*</c> and <c>?</c>
/// stay inside one folder, a <c>**</c> segment spans any number of folders. The one rule for every front that selects
/// entries (the SDK's DataArtifact globs, <c>pull --pattern</c>), so <c>data/*</c> means the files directly in data/
/// everywhere. Pattern files (.datapattern, .dataignore) keep gitignore rules instead: see <see cref="PatternList"/>.
/// </summary>
/// <remarks>
/// Matching is DotNet.Glob's (no Regex, nothing reflective, so the native CLI stays trim-safe). Brackets are literal,
/// as in MSBuild: the glob is built token by token rather than parsed by DotNet.Glob, whose <c>[a-z]</c> MSBuild lacks.
/// </remarks>
public sealed class EntryGlob
{
    private readonly Glob glob;

    private EntryGlob(string pattern, string fixedBase, Glob glob)
    {
        Pattern = pattern;
        FixedBase = fixedBase;
        this.glob = glob;
    }

    /// <summary>
    /// Whether names differ only in case match: on Windows and macOS, as MSBuild matches names the way their file
    /// systems compare them; never on Linux.
    /// </summary>
    public static bool DefaultIgnoreCase { get; } = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    /// <summary>The repository-relative pattern, '/'-separated.</summary>
    public string Pattern { get; }

    /// <summary>The folders before the first wildcard segment ("" for the root): what a Link folder replaces.</summary>
    public string FixedBase { get; }

    /// <summary>True when <paramref name="spec"/> holds a wildcard (<c>*</c> or <c>?</c>).</summary>
    /// <param name="spec">A path or pattern.</param>
    public static bool HasWildcard(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    /// <summary>Builds a glob from a repository-relative pattern ('/' or '\' separated; empty and "." segments are dropped).</summary>
    /// <param name="pattern">The pattern, such as <c>data/**/*.onnx</c>.</param>
    /// <param name="ignoreCase">Whether case is ignored; <see cref="DefaultIgnoreCase"/> when null.</param>
    /// <exception cref="ArgumentException">The pattern is empty.</exception>
    public static EntryGlob Parse(string pattern, bool? ignoreCase = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var segments = pattern.Replace('\\', '/').Split('/').Where(s => s.Length > 0 && s != ".").ToList();
        if (segments.Count == 0)
        {
            throw new ArgumentException("A glob must name at least one path segment.", nameof(pattern));
        }

        // "**/**" spans what one "**" spans.
        for (var i = segments.Count - 1; i > 0; i--)
        {
            if (segments[i] == "**" && segments[i - 1] == "**")
            {
                segments.RemoveAt(i);
            }
        }

        var builder = new GlobBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            if (segments[i] == "**")
            {
                builder.DirectoryWildcard(i > 0 ? PathSeparatorKind.ForwardSlash : null, last ? null : PathSeparatorKind.ForwardSlash);
                continue;
            }

            if (i > 0 && segments[i - 1] != "**")
            {
                builder.PathSeparator();
            }

            AddSegment(builder, segments[i]);
        }

        var fixedCount = 0;
        while (fixedCount < segments.Count - 1 && !HasWildcard(segments[fixedCount]))
        {
            fixedCount++;
        }

        var options = new GlobOptions { Evaluation = { CaseInsensitive = ignoreCase ?? DefaultIgnoreCase } };
        return new EntryGlob(string.Join('/', segments), string.Join('/', segments.Take(fixedCount)), builder.ToGlob(options));
    }

    /// <summary>True when the entry at this repository path ('/'-separated) is selected.</summary>
    /// <param name="entryPath">A manifest entry path, such as <c>data/raw/a.csv</c>.</param>
    public bool IsMatch(string entryPath)
    {
        ArgumentNullException.ThrowIfNull(entryPath);
        return entryPath.Length > 0 && glob.IsMatch(entryPath);
    }

    /// <summary>The paths of <paramref name="entryPaths"/> this glob selects, in their order (for pull, and a future find).</summary>
    /// <param name="entryPaths">Manifest entry paths.</param>
    public IEnumerable<string> Select(IEnumerable<string> entryPaths)
    {
        ArgumentNullException.ThrowIfNull(entryPaths);
        return entryPaths.Where(IsMatch);
    }

    /// <inheritdoc/>
    public override string ToString() => Pattern;

    private static void AddSegment(GlobBuilder builder, string segment)
    {
        var literal = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c is not ('*' or '?'))
            {
                continue;
            }

            if (i > literal)
            {
                builder.Literal(segment[literal..i]);
            }

            if (c == '?')
            {
                builder.AnyCharacter();
            }
            else if (i == 0 || segment[i - 1] != '*')
            {
                // Stars inside a name ("a**b") are one star, as in MSBuild.
                builder.Wildcard();
            }

            literal = i + 1;
        }

        if (literal < segment.Length)
        {
            builder.Literal(segment[literal..]);
        }
    }
}
