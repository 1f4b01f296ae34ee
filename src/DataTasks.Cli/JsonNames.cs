namespace DataTasks.Cli;

/// <summary>The one naming style of JSON output: snake_case keys and values ("FromCache" is written "from_cache").</summary>
internal static class JsonNames
{
    /// <summary>An enum value's name in snake_case, without reflection beyond the enum name (AOT-safe).</summary>
    public static string Snake<T>(T value)
        where T : struct, Enum => Snake(value.ToString());

    /// <summary><paramref name="pascal"/> in snake_case: an underscore before each inner capital, all lower case.</summary>
    public static string Snake(string pascal)
    {
        var text = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0 && pascal[i - 1] != '_')
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }
}
