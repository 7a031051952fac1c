namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>meta l4proto . th dport vmap @m</c>: the protocol and destination-port lookup of one policy profile (an
/// interval map holding only that profile's port ranges, so its size does not grow with the number of policies).
/// </summary>
public sealed record PortVerdictRule(string Map) : NftRule
{
    public override string Render() => $"meta l4proto . th dport vmap @{Map}";

    public override IEnumerable<string> MapReferences => [Map];
}
