using System.Text.Json.Serialization;
using Weft.Local.Apps.Probing;

namespace Weft.Cli.Commands.App;

/// <summary>Compact camelCase JSON lines for probe results; null fields stay so every line has the same keys.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProbeResult))]
internal sealed partial class ProbeOutputJsonContext : JsonSerializerContext;
