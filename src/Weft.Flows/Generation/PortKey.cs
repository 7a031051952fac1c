using Weft.Api.Resources;

namespace Weft.Flows.Generation;

/// <summary>A destination port of a generated rule, with the name the destination pods give it when they all agree.</summary>
internal sealed record PortKey(Protocol Protocol, int Number, string? Name) : IComparable<PortKey>
{
    public NetworkPolicyPort ToPort() => new()
    {
        Protocol = Protocol,
        Port = Name is null ? IntOrString.FromNumber(Number) : IntOrString.FromName(Name),
    };

    public int CompareTo(PortKey? other) =>
        other is null ? 1
        : Protocol != other.Protocol ? ((byte)Protocol).CompareTo((byte)other.Protocol)
        : Number != other.Number ? Number.CompareTo(other.Number)
        : string.CompareOrdinal(Name, other.Name);
}
