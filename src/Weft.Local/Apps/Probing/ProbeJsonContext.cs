using System.Text.Json.Serialization;

namespace Weft.Local.Apps.Probing;

/// <summary>Source-generated JSON for probe input and output; keeps <c>weft app probe</c> start-up short.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProbeResult))]
[JsonSerializable(typeof(ProbeTargetSpec))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
