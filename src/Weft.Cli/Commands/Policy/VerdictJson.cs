using System.Text.Json;
using Weft.Api.Resources;
using Weft.Policy.Evaluation;

namespace Weft.Cli.Commands.Policy;

/// <summary>
/// <c>weft policy check -o json</c>: the verdict and, per direction, the explanation. Stable field names;
/// a direction that was not checked (an external end) is null.
/// </summary>
internal static class VerdictJson
{
    public static void Write(TextWriter output, Verdict verdict)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("from", verdict.From);
            json.WriteString("to", verdict.To);
            json.WriteNumber("port", verdict.Port);
            json.WriteString("protocol", verdict.Protocol.ToApiString());
            json.WriteBoolean("allowed", verdict.Allowed);
            json.WriteNumber("revision", verdict.Revision);
            WriteDirection(json, "egress", verdict.Egress);
            WriteDirection(json, "ingress", verdict.Ingress);
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteDirection(Utf8JsonWriter json, string name, DirectionVerdict? direction)
    {
        if (direction is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("pod", direction.Pod);
        json.WriteBoolean("allowed", direction.Allowed);
        json.WriteString("decidedBy", direction.DecidedBy.ToString());
        json.WriteBoolean("isolated", direction.Isolated);
        WriteStrings(json, "networkPolicies", direction.NetworkPolicies);
        WriteStrings(json, "adminNetworkPolicies", direction.AdminNetworkPolicies);
        json.WriteBoolean("baselineAdminNetworkPolicy", direction.BaselineSelects);
        if (direction.Match is { } match)
        {
            json.WriteStartObject("match");
            json.WriteString("tier", match.Tier.ToString());
            json.WriteString("policy", match.Policy);
            if (match.Priority is { } priority)
            {
                json.WriteNumber("priority", priority);
            }
            else
            {
                json.WriteNull("priority");
            }

            json.WriteNumber("ruleIndex", match.RuleIndex);
            json.WriteString("ruleName", match.RuleName);
            json.WriteString("action", match.Action);
            json.WriteNumber("peerIndex", match.PeerIndex);
            json.WriteNumber("portIndex", match.PortIndex);
            json.WriteString("peer", match.Peer);
            json.WriteString("port", match.Port);
            json.WriteString("source", match.Source?.ToString());
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("match");
        }

        json.WriteString("reason", direction.Reason);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
