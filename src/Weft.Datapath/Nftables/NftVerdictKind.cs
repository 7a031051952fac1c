namespace Weft.Datapath.Nftables;

public enum NftVerdictKind
{
    Accept,
    Drop,
    Jump,
    Goto,
}
