namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// The per-packet policy lookup: one lookup in a concatenated range map keyed by (the local pod's host veth, the
/// peer address, protocol, destination port), whatever the number of policies. Ingress keys on the interface the
/// packet leaves by towards the destination pod and on the source address; egress on the interface it arrived
/// from the source pod and on the destination address.
/// </summary>
public sealed record PolicyLookupRule(bool Ingress, string Map) : NftRule
{
    public override string Render() => Ingress
        ? $"oifname . ip saddr . meta l4proto . th dport vmap @{Map}"
        : $"iifname . ip daddr . meta l4proto . th dport vmap @{Map}";

    public override IEnumerable<string> MapReferences => [Map];
}
