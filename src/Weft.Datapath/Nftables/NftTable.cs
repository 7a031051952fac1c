namespace Weft.Datapath.Nftables;

/// <summary>A table, e.g. <c>ip weft</c>. Weft owns exactly one and touches nothing else.</summary>
public sealed record NftTable(string Family, string Name)
{
    public static NftTable Default { get; } = new("ip", "weft");

    public override string ToString() => $"{Family} {Name}";
}
