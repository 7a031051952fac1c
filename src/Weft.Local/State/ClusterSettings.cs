using System.Text.Json.Serialization;
using Weft.Datapath.Policy;

namespace Weft.Local.State;

/// <summary>
/// The persisted operating settings of a cluster (<c>settings.json</c>), changed through the daemon API. They are
/// kept apart from the desired objects on purpose: <c>weft up -f</c> replaces every object, and a rollout's audit
/// week must not end because someone re-ran it.
/// </summary>
public sealed record ClusterSettings
{
    public static ClusterSettings Default { get; } = new();

    [JsonConverter(typeof(PolicyModeJsonConverter))]
    public PolicyMode PolicyMode { get; init; } = PolicyMode.Enforce;
}
