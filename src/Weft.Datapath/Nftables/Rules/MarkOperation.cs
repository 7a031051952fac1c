namespace Weft.Datapath.Nftables.Rules;

public enum MarkOperation
{
    Set,
    ReturnIfUnset,
    Clear,
}
