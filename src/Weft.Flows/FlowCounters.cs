namespace Weft.Flows;

/// <summary>Packet and byte counts of a finished connection, per direction (conntrack accounting).</summary>
public sealed record FlowCounters(long PacketsOriginal, long BytesOriginal, long PacketsReply, long BytesReply)
{
    public long Packets => PacketsOriginal + PacketsReply;

    public long Bytes => BytesOriginal + BytesReply;
}
