using System.Text.Json.Nodes;

namespace DataTasks.Core.Config;

/// <summary>One resolved leaf of the configuration: a dotted key (<c>s3.endpoint</c>), its value and where it came from.</summary>
/// <param name="Key">The dotted key.</param>
/// <param name="Value">The value as the winning rung wrote it (symbols not yet expanded); JSON null when that rung set null.</param>
/// <param name="Origin">The rung that set it.</param>
public sealed record ConfigValue(string Key, JsonNode? Value, ConfigOrigin Origin)
{
    /// <summary>The value as text: a string as it is, anything else as compact JSON.</summary>
    public string Text => Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : Value?.ToJsonString() ?? "null";
}
