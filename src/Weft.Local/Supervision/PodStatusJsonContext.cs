using System.Text.Json.Serialization;

namespace Weft.Local.Supervision;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PodStatusSnapshot))]
internal sealed partial class PodStatusJsonContext : JsonSerializerContext;
