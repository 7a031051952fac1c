using System.Text.Json.Serialization;

namespace Weft.Local.Apps.Http;

/// <summary>Source-generated serializer: no reflection at startup, which the ~100 echo pods of a cluster feel.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EchoJson))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
