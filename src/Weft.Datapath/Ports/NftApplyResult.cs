namespace Weft.Datapath.Ports;

/// <summary>The outcome of applying a transaction; <see cref="Error"/> carries nft's message on failure.</summary>
public sealed record NftApplyResult(bool Success, string? Error = null)
{
    public static NftApplyResult Ok { get; } = new(true);

    public static NftApplyResult Failed(string error) => new(false, error);
}
