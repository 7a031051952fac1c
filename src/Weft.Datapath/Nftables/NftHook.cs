namespace Weft.Datapath.Nftables;

/// <summary>What makes a chain a base chain: <c>type nat hook prerouting priority -100</c>.</summary>
public sealed record NftHook(string Type, string Hook, int Priority)
{
    public override string ToString() => $"type {Type} hook {Hook} priority {Priority} ; policy accept ;";
}
