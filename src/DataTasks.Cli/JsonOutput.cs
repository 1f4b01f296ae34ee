using System.Text.Json;

namespace DataTasks.Cli;

/// <summary>Writes a command's one JSON object to stdout, written with Utf8JsonWriter so native AOT needs no reflection.</summary>
internal static class JsonOutput
{
    /// <summary>Writes the object <paramref name="body"/> fills (between its braces) as the command's whole stdout.</summary>
    public static void WriteObject(CliContext context, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
