namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>log prefix "weft:D:7" group 100</c>: hands the packet to NFLOG group <see cref="Group"/>, where the agent's
/// flow reader maps the prefix back to the deciding policy rule (docs/flows.md, "NFLOG prefix scheme").
/// </summary>
public sealed record LogRule(string Prefix, int Group) : NftRule
{
    public override string Render() => $"log prefix \"{Prefix}\" group {Group}";
}
