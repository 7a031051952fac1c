using Weft.Api.Resources;

namespace Weft.Local.Runtime;

/// <summary>What the mesh control plane reads from the runtime (src/Weft.Local/Mesh).</summary>
public sealed partial class ClusterRuntime
{
    /// <summary>The container starter, so the daemon can hook sidecar injection into it.</summary>
    public IPodContainerStarter Containers => containers;

    /// <summary>A namespace's annotations from the desired state, or null when no Namespace object was applied.</summary>
    public IReadOnlyDictionary<string, string>? NamespaceAnnotations(string name) =>
        desired.Objects.Values.OfType<Namespace>().FirstOrDefault(n => n.Name == name)?.Metadata.Annotations;
}
