using System.Text;
using System.Text.Json;
using Weft.Flows.Query;

namespace Weft.Flows.Output;

/// <summary>
/// One JSON object per line (JSON Lines). Field names are camelCase and stable; absent facts are left out rather
/// than written as null. A lost-flows notice is <c>{"lost":{"node":"n1","count":42}}</c>.
/// </summary>
public sealed class JsonFlowFormatter : IFlowFormatter
{
    public string Format(FlowStreamItem item)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (item.Flow is { } flow)
            {
                WriteFlow(json, flow);
            }
            else
            {
                json.WriteStartObject("lost");
                json.WriteString("node", item.Node);
                json.WriteNumber("count", item.LostFlows);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteFlow(Utf8JsonWriter json, FlowRecord flow)
    {
        json.WriteString("time", flow.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("node", flow.Node);
        json.WriteString("type", flow.Type switch
        {
            FlowEventType.ConnectionStart => "connection-start",
            FlowEventType.ConnectionEnd => "connection-end",
            _ => "policy-verdict",
        });
        json.WriteString("verdict", RuleText.VerdictName(flow.Verdict));
        json.WriteString("protocol", flow.Protocol.ToUpperName());
        if (flow.Direction != FlowDirection.Unknown)
        {
            json.WriteString("direction", flow.Direction == FlowDirection.Ingress ? "ingress" : "egress");
        }

        WriteEndpoint(json, "source", flow.Source);
        WriteEndpoint(json, "destination", flow.Destination);
        if (flow.Rule is { } rule)
        {
            json.WriteStartObject("rule");
            json.WriteString("tier", rule.Tier.ToString());
            json.WriteString("policy", rule.PolicyKey);
            if (rule.Direction != FlowDirection.Unknown)
            {
                json.WriteString("direction", rule.Direction == FlowDirection.Ingress ? "ingress" : "egress");
            }

            if (rule.RuleIndex is { } index)
            {
                json.WriteNumber("index", index);
            }

            if (rule.RuleName is { } name)
            {
                json.WriteString("name", name);
            }

            json.WriteString("action", rule.Action.ToString());
            json.WriteString("text", RuleText.Describe(rule));
            json.WriteEndObject();
        }

        if (flow.Service is { } service)
        {
            json.WriteStartObject("service");
            if (service.ServiceName is { } serviceName)
            {
                json.WriteString("name", serviceName);
            }

            json.WriteString("frontendIP", service.FrontendAddress.ToString());
            json.WriteNumber("frontendPort", service.FrontendPort);
            json.WriteString("backendIP", service.BackendAddress.ToString());
            json.WriteNumber("backendPort", service.BackendPort);
            json.WriteEndObject();
        }

        if (flow.Counters is { } counters)
        {
            json.WriteStartObject("counters");
            json.WriteNumber("packetsOriginal", counters.PacketsOriginal);
            json.WriteNumber("bytesOriginal", counters.BytesOriginal);
            json.WriteNumber("packetsReply", counters.PacketsReply);
            json.WriteNumber("bytesReply", counters.BytesReply);
            json.WriteEndObject();
        }

        if (flow.IsReply)
        {
            json.WriteBoolean("isReply", true);
        }

        if (flow.TcpFlags is { } flags)
        {
            json.WriteString("tcpFlags", RuleText.TcpFlagNames(flags));
        }
    }

    private static void WriteEndpoint(Utf8JsonWriter json, string name, FlowEndpoint endpoint)
    {
        json.WriteStartObject(name);
        json.WriteString("ip", endpoint.Address.ToString());
        if (endpoint.Port != 0)
        {
            json.WriteNumber("port", endpoint.Port);
        }

        if (endpoint.Namespace is { } ns)
        {
            json.WriteString("namespace", ns);
        }

        if (endpoint.PodName is { } pod)
        {
            json.WriteString("pod", pod);
        }

        if (endpoint.IdentityId is { } id)
        {
            json.WriteNumber("identity", id);
        }

        if (!endpoint.Labels.IsEmpty)
        {
            json.WriteStartObject("labels");
            foreach (var (key, value) in endpoint.Labels)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
