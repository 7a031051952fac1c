namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>iifname vmap @m</c> or <c>oifname vmap @m</c>: one hash lookup on the interface a packet came in on (or
/// leaves by); the policy datapath uses it for a pod's default verdict, keyed by the pod's host-side veth.
/// </summary>
public sealed record InterfaceVerdictRule(bool OutputInterface, string Map) : NftRule
{
    public override string Render() => $"{(OutputInterface ? "oifname" : "iifname")} vmap @{Map}";

    public override IEnumerable<string> MapReferences => [Map];
}
