namespace Weft.Datapath.Policy;

/// <summary>An elementary address interval: one pod's address (<see cref="PodIndex"/> ≥ 0) or external addresses.</summary>
internal sealed record Peer(AddressRange Range, int PodIndex, string IngressClass, string EgressClass);
