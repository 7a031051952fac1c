namespace Weft.Mesh.Stats;

/// <summary>What <c>weft stat</c> groups pods by.</summary>
public enum StatKind
{
    Deployment,
    Pod,
    Namespace,
}
