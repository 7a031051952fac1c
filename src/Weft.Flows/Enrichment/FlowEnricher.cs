using System.Net;

namespace Weft.Flows.Enrichment;

/// <summary>
/// Turns kernel facts into <see cref="FlowRecord"/>s for one node, naming pods, identities, services and rules
/// from an <see cref="IFlowLookup"/> snapshot. Pure apart from the clock, which is injected and only read when
/// the kernel gave no timestamp.
/// </summary>
/// <remarks>
/// Conntrack: the original tuple's destination is what the client addressed; when the reply tuple's source
/// differs, the datapath translated it (DNAT), so the destination is the backend and the original destination is
/// the service frontend. The connection mark, when non-zero, is the id of the rule that allowed the connection
/// (the datapath may stamp it with <c>ct mark set</c>); zero means "no rule recorded".
/// NFLOG: only <see cref="NflogPrefix"/> prefixes are Weft's; the rule id in the prefix names the deciding rule.
/// </remarks>
public sealed class FlowEnricher(string node, TimeProvider timeProvider)
{
    public string Node { get; } = node;

    public FlowRecord Enrich(ConnectionEvent connection, IFlowLookup lookup)
    {
        var original = connection.Original;
        ServiceTranslation? service = null;
        var destinationAddress = original.Destination;
        var destinationPort = original.DestinationPort;
        if (connection.Reply is { } reply
            && (!reply.Source.Equals(original.Destination) || reply.SourcePort != original.DestinationPort))
        {
            destinationAddress = reply.Source;
            destinationPort = reply.SourcePort;
            service = new ServiceTranslation
            {
                ServiceName = lookup.FindService(original.Destination, original.DestinationPort, original.Protocol),
                FrontendAddress = original.Destination,
                FrontendPort = original.DestinationPort,
                BackendAddress = destinationAddress,
                BackendPort = destinationPort,
            };
        }

        var source = Endpoint(original.Source, original.SourcePort, lookup);
        var destination = Endpoint(destinationAddress, destinationPort, lookup);
        var ending = connection.Kind == ConnectionEventKind.Destroy;
        var time = (ending ? connection.Stop : connection.Start) ?? timeProvider.GetUtcNow();
        return new FlowRecord
        {
            Time = time,
            Node = Node,
            Source = source,
            Destination = destination,
            Protocol = original.Protocol,
            Direction = DirectionOf(source, destination),
            Verdict = FlowVerdict.Forwarded,
            Type = ending ? FlowEventType.ConnectionEnd : FlowEventType.ConnectionStart,
            Rule = connection.Mark != 0 ? lookup.FindRule(connection.Mark) : null,
            Service = service,
            Counters = ending ? connection.Counters : null,
        };
    }

    /// <summary>The flow for a logged packet; null when the prefix is not Weft's or the packet headers were unreadable.</summary>
    public FlowRecord? Enrich(PacketLogEvent packet, IFlowLookup lookup)
    {
        if (!NflogPrefix.TryParse(packet.Prefix, out var verdict, out var ruleId) || packet.Packet is not { } tuple)
        {
            return null;
        }

        var source = Endpoint(tuple.Source, tuple.SourcePort, lookup);
        var destination = Endpoint(tuple.Destination, tuple.DestinationPort, lookup);
        var rule = lookup.FindRule(ruleId);
        return new FlowRecord
        {
            Time = packet.Timestamp ?? timeProvider.GetUtcNow(),
            Node = Node,
            Source = source,
            Destination = destination,
            Protocol = tuple.Protocol,
            Direction = rule?.Direction ?? DirectionOf(source, destination),
            Verdict = verdict,
            Type = FlowEventType.PolicyVerdict,
            Rule = rule,
            TcpFlags = packet.TcpFlags,
        };
    }

    private static FlowEndpoint Endpoint(IPAddress address, int port, IFlowLookup lookup) =>
        lookup.FindPod(address) is { } pod ? pod with { Port = port } : FlowEndpoint.FromAddress(address, port);

    private FlowDirection DirectionOf(FlowEndpoint source, FlowEndpoint destination)
    {
        if (source.Node is not null && string.Equals(source.Node, Node, StringComparison.Ordinal))
        {
            return FlowDirection.Egress;
        }

        return destination.Node is not null && string.Equals(destination.Node, Node, StringComparison.Ordinal)
            ? FlowDirection.Ingress
            : FlowDirection.Unknown;
    }
}
