namespace Weft.Policy.Evaluation;

public enum TrafficDirection
{
    /// <summary>Checked at the destination pod.</summary>
    Ingress,

    /// <summary>Checked at the source pod.</summary>
    Egress,
}
