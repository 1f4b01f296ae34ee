using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace DataTasks.Analyzers;

/// <summary>
/// The entries of an artifacts.json as the analyzer and the typed tree need them: the keys of the top-level "entries"
/// object and, for the tree's doc comments, each entry's optional <c>description</c>, <c>size</c>, <c>tags</c> and
/// <c>inputs</c>. Everything else is skipped, and a field of the wrong type is ignored (the CLI reports manifest errors;
/// the compiler must not). Returns null for text that is not a manifest, so a broken file silences the checks instead of
/// flooding them.
/// </summary>
internal static class ManifestPaths
{
    public static List<string>? Read(string text) => ReadEntries(text)?.Select(e => e.Path).ToList();

    public static List<TypedTreeEntry>? ReadEntries(string text)
    {
        var reader = new ManifestJsonReader(text);
        try
        {
            reader.SkipWhitespace();
            if (reader.Peek() != '{')
            {
                return null;
            }

            List<TypedTreeEntry>? entries = null;
            reader.ReadObject(name =>
            {
                if (name == "entries" && reader.Peek() == '{')
                {
                    entries = [];
                    reader.ReadObject(path => entries.Add(ReadEntry(reader, path)));
                }
                else
                {
                    reader.SkipValue();
                }
            });
            return entries;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static TypedTreeEntry ReadEntry(ManifestJsonReader reader, string path)
    {
        if (reader.Peek() != '{')
        {
            reader.SkipValue();
            return new TypedTreeEntry(path);
        }

        string? description = null;
        long? size = null;
        List<string>? tags = null;
        List<string>? inputs = null;
        reader.ReadObject(field =>
        {
            switch (field)
            {
                case "description": description = reader.ReadStringOrSkip(); break;
                case "size": size = reader.ReadSizeOrSkip(); break;
                case "tags": tags = reader.ReadStringArrayOrSkip(); break;
                case "inputs": inputs = reader.ReadStringArrayOrSkip(); break;
                default: reader.SkipValue(); break;
            }
        });
        return new TypedTreeEntry(path, description, size, tags is null ? default : [.. tags], inputs is null ? default : [.. inputs]);
    }
}
