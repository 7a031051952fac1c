using System.Net;
using Weft.Api.Resources;

namespace Weft.Datapath.Ports;

/// <summary>
/// Which conntrack entries to delete. Unset fields match anything. <see cref="ReplySource"/> is the backend a
/// DNATed flow was sent to: in the reply direction the backend is the source.
/// </summary>
public sealed record ConntrackFlowFilter
{
    public required Protocol Protocol { get; init; }

    public IPAddress? OriginalDestination { get; init; }

    public int? OriginalDestinationPort { get; init; }

    public IPAddress? ReplySource { get; init; }

    public int? ReplySourcePort { get; init; }

    public override string ToString() =>
        $"{Protocol.ToString().ToUpperInvariant()} dst={OriginalDestination?.ToString() ?? "*"}:{OriginalDestinationPort?.ToString() ?? "*"} via={ReplySource?.ToString() ?? "*"}:{ReplySourcePort?.ToString() ?? "*"}";
}
