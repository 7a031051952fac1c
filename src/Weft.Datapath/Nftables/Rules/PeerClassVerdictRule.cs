namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>oifname . ct mark vmap @m</c> (<c>iifname</c> when <see cref="OutputInterface"/> is false): one hash lookup
/// of (the local pod's host veth, the peer class that <see cref="ConntrackMarkRule"/> wrote) — the policy
/// datapath's per-pod, per-peer-class step, whatever the number of policies.
/// </summary>
public sealed record PeerClassVerdictRule(bool OutputInterface, string Map) : NftRule
{
    public override string Render() => $"{(OutputInterface ? "oifname" : "iifname")} . ct mark vmap @{Map}";

    public override IEnumerable<string> MapReferences => [Map];
}
