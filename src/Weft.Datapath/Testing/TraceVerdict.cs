namespace Weft.Datapath.Testing;

public enum TraceVerdict
{
    Accept,
    Drop,
    Reject,
}
