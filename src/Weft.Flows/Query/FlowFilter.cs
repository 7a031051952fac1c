namespace Weft.Flows.Query;

/// <summary>
/// Which flows a query wants; every given criterion must hold (AND). Times are absolute: callers turn
/// <c>--since 5m</c> into an instant with their <see cref="TimeProvider"/>.
/// </summary>
public sealed record FlowFilter
{
    public static FlowFilter All { get; } = new();

    public PodRef? FromPod { get; init; }

    public PodRef? ToPod { get; init; }

    /// <summary>Matches when either side is a pod in this namespace.</summary>
    public string? Namespace { get; init; }

    public FlowVerdict? Verdict { get; init; }

    /// <summary>Matches the destination port, or the frontend port of service traffic.</summary>
    public int? Port { get; init; }

    public IpProtocol? Protocol { get; init; }

    /// <summary>Only flows at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    public bool Matches(FlowRecord flow)
    {
        if (FromPod is not null && !FromPod.Matches(flow.Source))
        {
            return false;
        }

        if (ToPod is not null && !ToPod.Matches(flow.Destination))
        {
            return false;
        }

        if (Namespace is not null
            && !string.Equals(flow.Source.Namespace, Namespace, StringComparison.Ordinal)
            && !string.Equals(flow.Destination.Namespace, Namespace, StringComparison.Ordinal))
        {
            return false;
        }

        if (Verdict is { } verdict && flow.Verdict != verdict)
        {
            return false;
        }

        if (Port is { } port && flow.Destination.Port != port && flow.Service?.FrontendPort != port)
        {
            return false;
        }

        if (Protocol is { } protocol && flow.Protocol != protocol)
        {
            return false;
        }

        return Since is not { } since || flow.Time >= since;
    }
}
