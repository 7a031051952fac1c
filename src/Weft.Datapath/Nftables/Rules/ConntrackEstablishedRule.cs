namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>ct state established,related accept</c>: packets of connections conntrack already knows pass without a
/// policy lookup, so only a connection's first packet is checked and a policy update never cuts an established
/// connection (Kubernetes NetworkPolicy is stateful: replies of allowed connections are allowed).
/// </summary>
public sealed record ConntrackEstablishedRule : NftRule
{
    public override string Render() => "ct state established,related accept";
}
