using System.Buffers;
using System.Text;

namespace DataTasks.Core.Patterns;

/// <summary>
/// An ordered list of gitignore-style patterns, as read from a <c>.datapattern</c> or <c>.dataignore</c> file
/// (or given with <c>pull --pattern GLOB</c>), matched with exactly the semantics of <c>.gitignore</c> at the
/// root of a repository, with the repository's <c>core.ignorecase</c> (see <see cref="IgnoreCase"/>).
/// </summary>
/// <remarks>
/// <para>
/// Rules, as in gitignore(5): one pattern per line; blank lines and lines starting with <c>#</c> are ignored
/// (<c>\#</c> escapes); trailing unescaped spaces are trimmed; <c>!</c> negates (<c>\!</c> escapes); the last
/// matching pattern wins; a trailing <c>/</c> matches directories only; a <c>/</c> at the beginning or in the
/// middle anchors the pattern to the root, otherwise it matches a name at any depth; <c>*</c>, <c>?</c>,
/// <c>[...]</c> and <c>\x</c> are wildcards; <c>**/</c>, <c>/**</c> and <c>/**/</c> match across directories.
/// A path is matched when any of its parent directories is matched, and a negation cannot re-include a path
/// under a matched directory.
/// </para>
/// <para>
/// Instances are immutable and safe to use from several threads at once. Matching does not allocate for
/// paths up to a few hundred bytes.
/// </para>
/// </remarks>
public sealed class PatternList
{
    private const int StackPathBytes = 512;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly PathPattern[] _patterns;

    private PatternList(PathPattern[] patterns, bool ignoreCase)
    {
        _patterns = patterns;
        IgnoreCase = ignoreCase;
    }

    /// <summary>A list with no patterns: it matches nothing.</summary>
    public static PatternList Empty { get; } = new PatternList([], ignoreCase: false);

    /// <summary>
    /// git's <c>core.ignorecase=true</c>: ASCII letters match either case, as git folds them (other characters,
    /// <c>é</c> and <c>É</c> for instance, stay distinct, and a few git quirks are kept: <c>\A</c> and <c>[A]</c>
    /// match nothing, <c>[[:upper:]]</c> matches every letter).
    /// </summary>
    public bool IgnoreCase { get; }

    /// <summary>True when the list has no effective pattern lines (only blank lines and comments, or nothing).</summary>
    public bool IsEmpty => _patterns.Length == 0;

    /// <summary>The number of effective pattern lines (negated ones included; blank lines and comments excluded).</summary>
    public int Count => _patterns.Length;

    /// <summary>The parsed patterns, in file order.</summary>
    internal IReadOnlyList<PathPattern> Patterns => _patterns;

    /// <summary>
    /// Parses the text of a <c>.datapattern</c> or <c>.dataignore</c> file; the same as
    /// <see cref="Parse(ReadOnlySpan{byte}, bool)"/> of its UTF-8 bytes.
    /// </summary>
    /// <param name="text">The whole file text.</param>
    /// <param name="ignoreCase">git's <c>core.ignorecase</c>; see <see cref="IgnoreCase"/>.</param>
    /// <returns>The parsed list; <see cref="Empty"/> when the text has no effective pattern.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static PatternList Parse(string text, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text), ignoreCase);
    }

    /// <summary>
    /// Parses the bytes of a <c>.datapattern</c> or <c>.dataignore</c> file as git reads a <c>.gitignore</c>: lines
    /// end at <c>\n</c> (a <c>\r</c> before it is dropped), a leading UTF-8 byte-order mark is skipped, and
    /// nothing is decoded: a pattern is its bytes, matched against the UTF-8 bytes of paths (so a UTF-16 file, like
    /// a <c>.gitignore</c> in UTF-16, matches nothing useful).
    /// </summary>
    /// <param name="bytes">The whole file content.</param>
    /// <param name="ignoreCase">git's <c>core.ignorecase</c>; see <see cref="IgnoreCase"/>.</param>
    /// <returns>The parsed list; <see cref="Empty"/> when the content has no effective pattern.</returns>
    public static PatternList Parse(ReadOnlySpan<byte> bytes, bool ignoreCase = false)
    {
        var patterns = new List<PathPattern>();
        if (bytes.StartsWith(Utf8ByteOrderMark))
        {
            bytes = bytes[Utf8ByteOrderMark.Length..];
        }

        int lineNumber = 1;
        while (!bytes.IsEmpty)
        {
            int newline = bytes.IndexOf((byte)'\n');
            var line = newline < 0 ? bytes : bytes[..newline];
            var pattern = PathPattern.TryParse(line, lineNumber);
            if (pattern is not null)
            {
                patterns.Add(pattern);
            }

            lineNumber++;
            bytes = newline < 0 ? [] : bytes[(newline + 1)..];
        }

        return patterns.Count == 0 ? Empty : new PatternList([.. patterns], ignoreCase);
    }

    /// <summary>
    /// Reads and parses a pattern file, as bytes (see <see cref="Parse(ReadOnlySpan{byte}, bool)"/>).
    /// </summary>
    /// <param name="filePath">Path of the <c>.datapattern</c> or <c>.dataignore</c> file.</param>
    /// <param name="ignoreCase">git's <c>core.ignorecase</c>; see <see cref="IgnoreCase"/>.</param>
    /// <returns><see cref="Empty"/> when the file does not exist; otherwise the parsed content.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public static PatternList Load(string filePath, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(filePath);
        }
        catch (FileNotFoundException)
        {
            return Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return Empty;
        }

        return Parse(bytes, ignoreCase);
    }

    /// <summary>
    /// Builds a list from individual pattern lines, such as the values of <c>pull --pattern GLOB</c>. Each
    /// string is treated exactly as one line of a pattern file (so <c>!</c> negates, a leading <c>#</c> makes it
    /// a comment, and trailing spaces are trimmed).
    /// </summary>
    /// <param name="globs">The pattern lines, in order (later ones win).</param>
    /// <param name="ignoreCase">git's <c>core.ignorecase</c>; see <see cref="IgnoreCase"/>.</param>
    /// <returns>The parsed list; <see cref="Empty"/> when there is no effective pattern.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="globs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An element is <see langword="null"/> or contains a line feed.</exception>
    public static PatternList FromGlobs(IEnumerable<string> globs, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(globs);
        var patterns = new List<PathPattern>();
        int lineNumber = 1;
        foreach (string glob in globs)
        {
            if (glob is null)
            {
                throw new ArgumentException("A pattern must not be null.", nameof(globs));
            }

            if (glob.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"A pattern must be a single line: '{glob}'.", nameof(globs));
            }

            var pattern = PathPattern.TryParse(glob, lineNumber++);
            if (pattern is not null)
            {
                patterns.Add(pattern);
            }
        }

        return patterns.Count == 0 ? Empty : new PatternList([.. patterns], ignoreCase);
    }

    /// <summary>
    /// True when a file at this repo-relative, '/'-separated path is matched, gitignore-style, including the
    /// rule that a path is matched when any parent directory is matched (and a file under a matched directory
    /// cannot be re-included by a negation, exactly as git does).
    /// </summary>
    /// <param name="relativePath">A file path relative to the root, such as <c>data/raw/a.csv</c>.</param>
    /// <returns>Whether the file is matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is <see langword="null"/>.</exception>
    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (_patterns.Length == 0 || relativePath.Length == 0)
        {
            return false;
        }

        var deciding = FindDecidingPattern(relativePath, isDirectory: false);
        return deciding is not null && !deciding.IsNegative;
    }

    /// <summary>
    /// <see cref="IsMatch(string)"/> for a path given as bytes (UTF-8 or not): git matches names by their bytes, so
    /// a name that is not valid UTF-8 is matched exactly, never as U+FFFD.
    /// </summary>
    /// <param name="relativePath">A file path relative to the root, '/'-separated.</param>
    /// <returns>Whether the file is matched.</returns>
    public bool IsMatch(ReadOnlySpan<byte> relativePath)
    {
        if (_patterns.Length == 0 || relativePath.IsEmpty)
        {
            return false;
        }

        var deciding = FindDecidingPattern(relativePath, isDirectory: false);
        return deciding is not null && !deciding.IsNegative;
    }

    /// <summary>
    /// For directory pruning while walking a tree: true when this directory itself is matched (or one of its
    /// parents is), so that everything under it is matched, given git's "cannot re-include under an excluded
    /// directory" rule.
    /// </summary>
    /// <param name="relativeDirectoryPath">A directory path relative to the root, such as <c>data/raw</c>; a
    /// single trailing '/' is allowed. The root itself (empty path) is never matched.</param>
    /// <returns>Whether the directory, and so everything under it, is matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="relativeDirectoryPath"/> is <see langword="null"/>.</exception>
    public bool IsDirectoryMatch(string relativeDirectoryPath)
    {
        ArgumentNullException.ThrowIfNull(relativeDirectoryPath);
        if (relativeDirectoryPath.EndsWith('/'))
        {
            relativeDirectoryPath = relativeDirectoryPath[..^1];
        }

        if (_patterns.Length == 0 || relativeDirectoryPath.Length == 0)
        {
            return false;
        }

        var deciding = FindDecidingPattern(relativeDirectoryPath, isDirectory: true);
        return deciding is not null && !deciding.IsNegative;
    }

    /// <summary>
    /// The pattern that decides the path, as <c>git check-ignore -v</c> reports it: the matching (non-negated)
    /// pattern of the first excluded parent directory, otherwise the last pattern (possibly negated) that matches
    /// the path itself; <see langword="null"/> when none does.
    /// </summary>
    internal PathPattern? FindDecidingPattern(string relativePath, bool isDirectory)
    {
        int max = Encoding.UTF8.GetMaxByteCount(relativePath.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackPathBytes
            ? stackalloc byte[StackPathBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int length = Encoding.UTF8.GetBytes(relativePath, buffer);
            return FindDecidingPattern(buffer[..length], isDirectory);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private PathPattern? FindDecidingPattern(ReadOnlySpan<byte> path, bool isDirectory)
    {
        // Like git's prep_exclude: every leading directory is checked (as a directory) first; if one is
        // excluded by a non-negated pattern, everything below it is excluded by that pattern.
        int componentStart = 0;
        while (true)
        {
            int slash = path[componentStart..].IndexOf((byte)'/');
            if (slash < 0)
            {
                break;
            }

            int end = componentStart + slash;
            if (slash > 0)
            {
                var parent = LastMatching(path[..end], componentStart, isDirectory: true);
                if (parent is not null && !parent.IsNegative)
                {
                    return parent;
                }
            }

            componentStart = end + 1;
        }

        return LastMatching(path, componentStart, isDirectory);
    }

    private PathPattern? LastMatching(ReadOnlySpan<byte> path, int basenameStart, bool isDirectory)
    {
        var patterns = _patterns;
        bool ignoreCase = IgnoreCase;
        for (int i = patterns.Length - 1; i >= 0; i--)
        {
            if (patterns[i].Matches(path, basenameStart, isDirectory, ignoreCase))
            {
                return patterns[i];
            }
        }

        return null;
    }
}
