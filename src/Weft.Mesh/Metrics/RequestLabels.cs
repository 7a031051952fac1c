namespace Weft.Mesh.Metrics;

/// <summary>Labels of request_total. Identities are SPIFFE IDs or "" when the side is not meshed.</summary>
public readonly record struct RequestLabels(TrafficDirection Direction, string Authority, string SourceId, string DestinationId);
