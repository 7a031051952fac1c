namespace Weft.Datapath.Policy;

/// <summary>
/// Peers the engine cannot tell apart: one representative (a pod, <see cref="PodIndex"/> ≥ 0, or the external
/// <see cref="Address"/>) decides for all of them.
/// </summary>
internal sealed record PeerClass(uint Id, string Key, int PodIndex, uint Address);
