namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>masquerade fully-random</c>: random source ports avoid the SNAT port-collision races (kubernetes#76699).</summary>
public sealed record MasqueradeRule : NftRule
{
    public override string Render() => "masquerade fully-random";
}
