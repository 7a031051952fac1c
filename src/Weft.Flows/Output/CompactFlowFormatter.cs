using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Weft.Flows.Query;

namespace Weft.Flows.Output;

/// <summary>
/// One readable line per flow in the style of <c>hubble observe</c>:
/// <c>Nov 21 06:30:01.123 x/a:43210 (id 12) -> y/b:80 (id 7) tcp DROPPED by NetworkPolicy y/deny-all ingress rule 0</c>.
/// Times are UTC so that output from several nodes lines up and tests are deterministic.
/// </summary>
public sealed class CompactFlowFormatter : IFlowFormatter
{
    public string Format(FlowStreamItem item)
    {
        if (item.Flow is not { } flow)
        {
            return $"EVENTS LOST: {item.LostFlows} flows overwritten in the flow ring of node {item.Node}";
        }

        var text = new StringBuilder(128);
        text.Append(flow.Time.UtcDateTime.ToString("MMM dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ');
        AppendEndpoint(text, flow.Source);
        text.Append(" -> ");
        AppendEndpoint(text, flow.Destination);
        if (flow.Service is { } service)
        {
            text.Append(" svc ").Append(service.ServiceName ?? HostPort(service.FrontendAddress, service.FrontendPort));
        }

        text.Append(' ').Append(flow.Protocol.ToLowerName()).Append(' ').Append(RuleText.VerdictName(flow.Verdict));
        switch (flow.Verdict)
        {
            case FlowVerdict.Dropped:
                text.Append(" by ").Append(flow.Rule is { } dropRule ? RuleText.Describe(dropRule) : "an unknown rule");
                break;
            case FlowVerdict.Audit:
                text.Append(" would be dropped by ")
                    .Append(flow.Rule is { } auditRule ? RuleText.Describe(auditRule) : "an unknown rule");
                break;
            default:
                if (flow.Rule is { } allowRule)
                {
                    text.Append(" allowed by ").Append(RuleText.Describe(allowRule));
                }

                break;
        }

        if (flow.Type == FlowEventType.ConnectionEnd)
        {
            text.Append(" closed");
            if (flow.Counters is { } counters)
            {
                text.Append(" (").Append(counters.Packets).Append(" packets, ").Append(counters.Bytes).Append(" bytes)");
            }
        }

        if (flow.TcpFlags is { } flags and not 0)
        {
            text.Append(" (TCP Flags: ").Append(RuleText.TcpFlagNames(flags)).Append(')');
        }

        return text.ToString();
    }

    private static void AppendEndpoint(StringBuilder text, FlowEndpoint endpoint)
    {
        if (endpoint.PodName is not null)
        {
            text.Append(endpoint.Namespace).Append('/').Append(endpoint.PodName);
            if (endpoint.Port != 0)
            {
                text.Append(':').Append(endpoint.Port);
            }
        }
        else
        {
            text.Append(HostPort(endpoint.Address, endpoint.Port));
        }

        if (endpoint.IdentityId is { } id)
        {
            text.Append(" (id ").Append(id).Append(')');
        }
    }

    private static string HostPort(System.Net.IPAddress address, int port)
    {
        if (port == 0)
        {
            return address.ToString();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
    }
}
