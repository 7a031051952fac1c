namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>reject</c>: ICMP port unreachable for UDP, TCP reset for TCP — what a client of a service without endpoints sees.</summary>
public sealed record RejectRule : NftRule
{
    public override string Render() => "reject";
}
