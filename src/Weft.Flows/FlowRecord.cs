namespace Weft.Flows;

/// <summary>
/// One observed flow fact, enriched: who talked to whom, what the datapath decided and which rule decided it.
/// Ports live on the endpoints (<see cref="FlowEndpoint.Port"/>); for service traffic the destination is the chosen
/// backend and <see cref="Service"/> holds the address the client used.
/// </summary>
public sealed record FlowRecord
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>The node whose kernel reported the flow.</summary>
    public required string Node { get; init; }

    public required FlowEndpoint Source { get; init; }

    public required FlowEndpoint Destination { get; init; }

    public required IpProtocol Protocol { get; init; }

    public FlowDirection Direction { get; init; }

    public required FlowVerdict Verdict { get; init; }

    public FlowEventType Type { get; init; }

    /// <summary>The deciding rule; null for forwarded flows that no policy isolated (default allow) or when unknown.</summary>
    public PolicyRuleRef? Rule { get; init; }

    public ServiceTranslation? Service { get; init; }

    /// <summary>Final counters; set on <see cref="FlowEventType.ConnectionEnd"/> when conntrack accounting is on.</summary>
    public FlowCounters? Counters { get; init; }

    /// <summary>True when the logged packet travelled in the reply direction of its connection.</summary>
    public bool IsReply { get; init; }

    /// <summary>TCP flags of a logged packet (FIN=0x01, SYN=0x02, RST=0x04, PSH=0x08, ACK=0x10, URG=0x20); null otherwise.</summary>
    public byte? TcpFlags { get; init; }
}
