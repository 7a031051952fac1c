namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>ip saddr @aff-… goto sep-…</c>: a client seen recently goes back to the same endpoint.</summary>
public sealed record AffinityCheckRule(string Set, string EndpointChain) : NftRule
{
    public override string Render() => $"ip saddr @{Set} goto {EndpointChain}";

    public override IEnumerable<string> ChainReferences => [EndpointChain];

    public override IEnumerable<string> SetReferences => [Set];
}
