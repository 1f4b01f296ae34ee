using System.Text.Json;

namespace DataTasks.Core;

/// <summary>
/// JSON allows escapes that decode to no text (a lone surrogate such as <c>\ud800</c>) and a file may hold bytes that
/// are not UTF-8; System.Text.Json reads either as syntax and throws only when a string is taken, with an exception
/// that is not a JSON error. The readers of DataTasks' files ask here first, so they can refuse such text with their
/// own code and position.
/// </summary>
internal static class JsonStrings
{
    /// <summary>
    /// The 1-based line and column (in bytes) of the first property name or string value that is not valid Unicode
    /// text, or null when every string is valid. Syntax errors are not reported here; the caller's parser reports them.
    /// </summary>
    public static (long Line, long Column)? FindInvalid(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && TryGet(ref reader) is null)
                {
                    return Position(utf8, reader.TokenStartIndex);
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>The current string token's text, or null when it is not valid Unicode.</summary>
    public static string? TryGet(ref Utf8JsonReader reader)
    {
        string? text;
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return text is null || IsWellFormed(text) ? text : null;
    }

    /// <summary>True when every surrogate in <paramref name="text"/> is half of a pair.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1-based line and byte column of a byte offset.</summary>
    public static (long Line, long Column) Position(ReadOnlySpan<byte> utf8, long offset)
    {
        var before = utf8[..(int)Math.Min(offset, utf8.Length)];
        var line = 1L + before.Count((byte)'\n');
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (line, offset - lastNewline);
    }
}
