using System.Text.Json;

namespace DataTasks.Cli;

/// <summary>
/// Writes a command's one JSON object to stdout, written with Utf8JsonWriter so native AOT needs no reflection. Every
/// command's --json goes through here, so every command escapes alike (non-ASCII paths as they are, not \u-escaped).
/// </summary>
internal static class JsonOutput
{
    /// <summary>Writes the object <paramref name="body"/> fills (between its braces) as the command's whole stdout.</summary>
    public static void WriteObject(CliContext context, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>An array of strings named <paramref name="name"/>.</summary>
    public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>What add did to each file, as add and run report it: an array of {path, change, size}.</summary>
    public static void WriteAddedItems(Utf8JsonWriter w, string name, IEnumerable<Core.Operations.AddedItem> items)
    {
        w.WriteStartArray(name);
        foreach (var r in items)
        {
            w.WriteStartObject();
            w.WriteString("path", r.Path);
            w.WriteString("change", JsonNames.Snake(r.Change));
            w.WriteNumber("size", r.Size);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A DataTasks error as JSON carries it: the code, then the (redacted) message, as on the stderr line.</summary>
    public static string Error(Core.DataTasksException error) => $"{error.Code}: {Core.SecretRedactor.Redact(error.Message)}";
}
