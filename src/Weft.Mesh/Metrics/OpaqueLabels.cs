namespace Weft.Mesh.Metrics;

/// <summary>
/// Labels of the tcp_opaque_* series: one opaque stream's direction, the SPIFFE IDs of its two ends ("" for a side
/// that is not meshed) and whether the mesh hop is mTLS.
/// </summary>
public readonly record struct OpaqueLabels(TrafficDirection Direction, string SourceId, string DestinationId, bool Tls);
