namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// The per-packet service lookup: one hash lookup on (destination address, protocol, port), whatever the number
/// of services — the reason kube-proxy's nftables mode scales and its iptables mode does not.
/// </summary>
public sealed record ServiceLookupRule(string Map) : NftRule
{
    public override string Render() => $"ip daddr . meta l4proto . th dport vmap @{Map}";

    public override IEnumerable<string> MapReferences => [Map];
}
