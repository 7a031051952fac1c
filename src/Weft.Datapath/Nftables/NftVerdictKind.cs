namespace Weft.Datapath.Nftables;

public enum NftVerdictKind
{
    Accept,
    Drop,
    Jump,
    Goto,

    /// <summary>Back to the calling chain (the policy datapath's "this direction allows it").</summary>
    Return,

    /// <summary>Not a verdict: the 32-bit value of a data map's element (<c>type ipv4_addr : mark</c>).</summary>
    Value,
}
