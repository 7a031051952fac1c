namespace Weft.Datapath.Nftables;

/// <summary>
/// A verdict as it appears in rules and verdict-map elements — or, with <see cref="NftVerdictKind.Value"/>, the
/// value of a data map's element (the policy datapath's address → peer class maps), so that both kinds of map
/// share one element type through the transaction planner and the fake.
/// </summary>
public sealed record NftVerdict(NftVerdictKind Kind, string? Chain = null, uint Data = 0)
{
    public static NftVerdict Drop { get; } = new(NftVerdictKind.Drop);

    public static NftVerdict Accept { get; } = new(NftVerdictKind.Accept);

    public static NftVerdict Return { get; } = new(NftVerdictKind.Return);

    public static NftVerdict Goto(string chain) => new(NftVerdictKind.Goto, chain);

    public static NftVerdict Jump(string chain) => new(NftVerdictKind.Jump, chain);

    public static NftVerdict Value(uint data) => new(NftVerdictKind.Value, null, data);

    public override string ToString() => Kind switch
    {
        NftVerdictKind.Goto => $"goto {Chain}",
        NftVerdictKind.Jump => $"jump {Chain}",
        NftVerdictKind.Drop => "drop",
        NftVerdictKind.Return => "return",
        NftVerdictKind.Value => $"0x{Data:x8}",
        _ => "accept",
    };
}
