namespace Weft.Datapath.Linux.Abstractions.Operations;

public sealed record AddBridge(string Name) : NetlinkOperation
{
    public int? Mtu { get; init; }
}
