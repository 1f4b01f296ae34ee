namespace DataTasks.Core.Manifest;

/// <summary>Content keys: the lowercase hex SHA-256 of an object, used as its name everywhere it is stored.</summary>
public static class ContentKey
{
    /// <summary>Length of a key in characters.</summary>
    public const int Length = 64;

    /// <summary>The key of empty content.</summary>
    public const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>True when <paramref name="key"/> is exactly 64 lowercase hex characters.</summary>
    public static bool IsValid(string? key)
    {
        if (key is null || key.Length != Length)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws DT0105 when the key is not valid.</summary>
    public static void EnsureValid(string key, string path, string source = DataManifest.FileName)
    {
        if (!IsValid(key))
        {
            throw new DataTasksException(ErrorCodes.ManifestInvalidKey,
                $"{source}: entry '{EntryPath.Printable(path)}': storage_key '{EntryPath.Printable(key)}' is not 64 lowercase hex characters");
        }
    }
}
