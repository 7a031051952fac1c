namespace Weft.Datapath.Nftables;

/// <summary>
/// A dynamic set of source addresses with a timeout, filled from the datapath by <c>update @set { ip saddr }</c>
/// (ClientIP session affinity). Its elements are runtime state, never part of the desired ruleset.
/// </summary>
public sealed record NftSet(string Name, int TimeoutSeconds)
{
    public string Declaration => $"type ipv4_addr ; flags dynamic,timeout ; timeout {TimeoutSeconds}s ;";
}
