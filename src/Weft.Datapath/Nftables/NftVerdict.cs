namespace Weft.Datapath.Nftables;

/// <summary>A verdict as it appears in rules and verdict-map elements.</summary>
public sealed record NftVerdict(NftVerdictKind Kind, string? Chain = null)
{
    public static NftVerdict Drop { get; } = new(NftVerdictKind.Drop);

    public static NftVerdict Accept { get; } = new(NftVerdictKind.Accept);

    public static NftVerdict Return { get; } = new(NftVerdictKind.Return);

    public static NftVerdict Goto(string chain) => new(NftVerdictKind.Goto, chain);

    public static NftVerdict Jump(string chain) => new(NftVerdictKind.Jump, chain);

    public override string ToString() => Kind switch
    {
        NftVerdictKind.Goto => $"goto {Chain}",
        NftVerdictKind.Jump => $"jump {Chain}",
        NftVerdictKind.Drop => "drop",
        NftVerdictKind.Return => "return",
        _ => "accept",
    };
}
