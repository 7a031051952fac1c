namespace Weft.Datapath.Nftables;

public enum NftVerdictKind
{
    Accept,
    Drop,
    Jump,
    Goto,

    /// <summary>Back to the calling chain (the policy datapath's "this direction allows it").</summary>
    Return,
}
