namespace Weft.Mesh.Metrics;

/// <summary>Inbound: towards the workload this proxy fronts. Outbound: from it towards others.</summary>
public enum TrafficDirection
{
    Inbound,
    Outbound,
}
