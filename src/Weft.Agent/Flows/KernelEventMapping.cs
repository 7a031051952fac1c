using Weft.Datapath.Linux.Netlink;
using Weft.Flows;
using Weft.Flows.Enrichment;

namespace Weft.Agent.Flows;

/// <summary>
/// Maps the netlink readers' records to the enricher's kernel-neutral inputs (conntrack UPDATE events are not flows).
/// </summary>
public static class KernelEventMapping
{
    public static ConnectionEvent? ToConnectionEvent(ConntrackEvent e)
    {
        if (e.Type == ConntrackEventType.Update)
        {
            return null;
        }

        return new ConnectionEvent
        {
            Kind = e.Type == ConntrackEventType.New ? ConnectionEventKind.New : ConnectionEventKind.Destroy,
            Original = Tuple(e.Original),
            Reply = e.Reply is null ? null : Tuple(e.Reply),
            Mark = e.Mark,
            Id = e.Id,
            Zone = e.Zone,
            Counters = e.CountersOriginal is null && e.CountersReply is null
                ? null
                : new FlowCounters(
                    (long)(e.CountersOriginal?.Packets ?? 0), (long)(e.CountersOriginal?.Bytes ?? 0),
                    (long)(e.CountersReply?.Packets ?? 0), (long)(e.CountersReply?.Bytes ?? 0)),
            Start = e.Start,
            Stop = e.Stop,
        };
    }

    public static PacketLogEvent ToPacketLogEvent(NflogPacket p) => new()
    {
        Prefix = p.Prefix,
        Packet = p.Headers is { } h ? new FlowTuple(h.Source, h.Destination, (IpProtocol)h.Protocol, h.SourcePort, h.DestinationPort) : null,
        Mark = p.Mark,
        InputInterface = (int?)p.InputInterface,
        OutputInterface = (int?)p.OutputInterface,
        Timestamp = p.Timestamp,
        TcpFlags = p.Headers?.TcpFlags,
    };

    private static FlowTuple Tuple(ConntrackTuple t) =>
        new(t.Source, t.Destination, (IpProtocol)t.Protocol, t.SourcePort, t.DestinationPort);
}
