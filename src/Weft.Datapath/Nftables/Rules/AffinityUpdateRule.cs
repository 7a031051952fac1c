namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>update @aff-… { ip saddr }</c>: records (or refreshes the timeout of) the client in the endpoint's set.</summary>
public sealed record AffinityUpdateRule(string Set) : NftRule
{
    public override string Render() => $"update @{Set} {{ ip saddr }}";

    public override IEnumerable<string> SetReferences => [Set];
}
