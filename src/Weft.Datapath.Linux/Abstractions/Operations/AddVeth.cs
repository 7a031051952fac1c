namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>Creates a veth pair; the peer is created directly in <see cref="PeerNetns"/> when given.</summary>
public sealed record AddVeth(string Name, string PeerName, NetnsRef? PeerNetns = null) : NetlinkOperation
{
    public string? Mac { get; init; }

    public string? PeerMac { get; init; }

    public int? Mtu { get; init; }
}
