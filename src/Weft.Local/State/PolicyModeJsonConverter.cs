using System.Text.Json;
using System.Text.Json.Serialization;
using Weft.Datapath.Policy;

namespace Weft.Local.State;

/// <summary><c>"enforce"</c> / <c>"audit"</c> in <c>settings.json</c>: the words the CLI uses, so the file reads the same.</summary>
internal sealed class PolicyModeJsonConverter() : JsonStringEnumConverter<PolicyMode>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
