using System.Text.Json.Serialization;

namespace DataTasks.Core.Hashing;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, AddedRecord>))]
internal sealed partial class StateJsonContext : JsonSerializerContext
{
}
