namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// The masquerade mark bit (0x4000, as kube-proxy): <c>Set</c> marks the packet in a NAT chain, <c>ReturnIfUnset</c>
/// and <c>Clear</c> let postrouting masquerade exactly the marked packets and leave the mark as it was.
/// </summary>
public sealed record MarkRule(MarkOperation Operation) : NftRule
{
    public const uint MasqueradeBit = 0x4000;

    public override string Render() => Operation switch
    {
        MarkOperation.Set => $"meta mark set meta mark or 0x{MasqueradeBit:x}",
        MarkOperation.ReturnIfUnset => $"meta mark and 0x{MasqueradeBit:x} == 0x0 return",
        _ => $"meta mark set meta mark xor 0x{MasqueradeBit:x}",
    };
}
