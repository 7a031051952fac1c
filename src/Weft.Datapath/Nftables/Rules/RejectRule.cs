namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>reject</c>: ICMP port unreachable (nft's default for ip), which a TCP or UDP client sees as "connection refused" at once instead of a timeout — as kube-proxy answers for a service without endpoints.</summary>
public sealed record RejectRule : NftRule
{
    public override string Render() => "reject";
}
